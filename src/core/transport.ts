/** One HTTP attempt, as the requester hands it to a transport. */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The absolute URL. */
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  /** Aborted on the caller's signal and on the attempt's timeout; the transport rejects with its reason. */
  signal: AbortSignal;
  /** The attempt's timeout in ms, for transports that can enforce it themselves too. */
  timeout: number;
}

/** The response of one attempt, body read as text. Header names are lower-case. */
export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Moves bytes. Rejects only when no HTTP answer came (refused, reset, aborted); any status,
 * error or not, resolves.
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;
