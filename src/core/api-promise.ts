/** What `.withResponse()` gives: the result, the API's hints and the HTTP response. */
export interface WithResponse<T> {
  data: T;
  /** Hints the API wrote for agents, e.g. "Poll GET /v1/approvals/{id} …". */
  next_steps: string[];
  response: {
    status: number;
    /** Lower-cased header names. */
    headers: Record<string, string>;
    requestId: string | undefined;
  };
  /**
   * True when a write's answer matched no form the SDK knows: `data` is then the result as the
   * API sent it, not checked against its type (the client also emitted `unexpectedResponse`).
   */
  unexpected: boolean;
}

/**
 * The promise every method returns: `await` it for the result, or call `.withResponse()` for the
 * result with `next_steps` and the HTTP response.
 *
 * @example
 * ```ts
 * const approval = await client.approvals.get(id);
 * const { data, next_steps, response } = await client.approvals.get(id).withResponse();
 * ```
 */
export class APIPromise<T> extends Promise<T> {
  // `then` is what `await`, `catch` and `finally` call; it reads from `#full`, so the base
  // promise is never settled and no duplicate rejection can go unhandled.
  static override get [Symbol.species]() {
    return Promise;
  }

  readonly #full: Promise<WithResponse<T>>;

  constructor(full: Promise<WithResponse<T>>) {
    super(() => {});
    this.#full = full;
  }

  /**
   * Resolves to `{ data, next_steps, response }`.
   * @example
   * ```ts
   * const { data, next_steps, response } = await client.approvals.get(id).withResponse();
   * console.log(response.status, response.requestId, next_steps);
   * ```
   */
  withResponse(): Promise<WithResponse<T>> {
    return this.#full;
  }

  /**
   * The result, as any promise gives it (`await` calls this).
   * @example
   * ```ts
   * client.approvals.get(id).then((a) => console.log(a.status));
   * ```
   */
  // biome-ignore lint/suspicious/noThenProperty: this is a Promise subclass; `then` is the point.
  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // One promise hop, not two: every `await` of every call comes through here.
    return this.#full.then(
      onfulfilled ? (r) => onfulfilled(r.data) : (r) => r.data as unknown as R1,
      onrejected,
    );
  }
}
