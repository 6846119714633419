/** One HTTP attempt, as the requester hands it to a transport. */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The absolute URL. */
  url: string;
  /** `url`'s origin and path with query, split once by the requester so transports need not parse. */
  origin: string;
  path: string;
  headers: Record<string, string>;
  body?: string | undefined;
  /** The caller's signal: on abort the transport rejects with its reason. */
  signal: AbortSignal | undefined;
  /** Milliseconds for this attempt; past it the transport rejects with `APITimeoutError`. */
  timeout: number;
}

/** The response of one attempt, body read as text. Header names are lower-case. */
export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Moves bytes. Rejects only when no HTTP answer came (refused, reset, aborted, timed out); any
 * status, error or not, resolves. Each transport enforces the timeout in the way cheapest for it.
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;
