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
  /**
   * Milliseconds for this attempt, headers and body; past it the transport rejects with
   * `APITimeoutError`, however slowly the bytes still trickle in.
   */
  timeout: number;
  /** The most body bytes to read; past it the transport rejects with `ResponseTooLargeError`. */
  maxResponseBytes: number;
}

/** The response of one attempt, body read as text. Header names are lower-case. */
export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Moves bytes. Rejects when no whole HTTP answer came in time (refused, reset, aborted, timed
 * out, too large); any status, error or redirect, resolves. Never follows a redirect: a 3xx is
 * the answer.
 */
export interface Transport {
  (request: TransportRequest): Promise<TransportResponse>;
  /** Lets go of what the transport holds (its share of a pool); later calls are the caller's bug. */
  close?(): Promise<void>;
}
