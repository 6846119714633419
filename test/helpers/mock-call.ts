import type { MockServer } from '../../src/testing/index.js';

/** Parsed JSON, as `Response.json()` types it: tests read it at any depth. */
type Json = Awaited<ReturnType<Response['json']>>;

/**
 * A raw API call through the mock's core handler, bypassing the SDK: for what the SDK would
 * refuse to send, and to read the wire form itself. `key: ''` sends no Authorization header.
 */
export async function callMock(
  mock: MockServer,
  method: string,
  path: string,
  body?: unknown,
  key?: string,
): Promise<{ status: number; headers: Headers; json: Json }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const auth = key ?? mock.accountApiKey;
  if (auth) headers.authorization = `Bearer ${auth}`;
  const response = await mock.handle(
    new Request(`${mock.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  return { status: response.status, headers: response.headers, json: await response.json() };
}
