import { withCallerStack } from './caller-stack.js';

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
  // `.then()` returns a plain Promise (and `await` runs through the inherited, native `then`).
  static override get [Symbol.species]() {
    return Promise;
  }

  readonly #full: Promise<WithResponse<T>>;

  constructor(full: Promise<WithResponse<T>>) {
    // No `then` override: the result is this promise's own, reached through `await`s and a
    // promise's resolve function, which V8 follows when it builds an async stack trace. So an
    // error's stack ends in the caller's frames ("at async loadApproval"), with no stack
    // captured per call.
    super((resolve) => resolve(dataOf(full)));
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
  async withResponse(): Promise<WithResponse<T>> {
    // A caller of withResponse() handles the failure there; this promise's own rejection (the
    // same error) must not then be reported as unhandled.
    super.then(undefined, ignore);
    try {
      return await this.#full;
    } catch (error) {
      // `#full` has two awaiters (this and the promise's own result), where V8's async stack
      // trace stops: the caller's frames are found from here.
      throw withCallerStack(error);
    }
  }
}

async function dataOf<T>(full: Promise<WithResponse<T>>): Promise<T> {
  return (await full).data;
}

function ignore(): void {}
