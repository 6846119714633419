import type { Fetch } from '../options.js';
import type { Transport } from '../transport.js';

/** Sends through any fetch: msw-intercepted, an edge runtime's, the mock server's. */
export function fetchTransport(fetch: Fetch): Transport {
  return async (request) => {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, headers, body: await response.text() };
  };
}
