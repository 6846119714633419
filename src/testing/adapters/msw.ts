// The only module that imports msw (an optional peer dependency): `@daimon/sdk/testing` loads it
// on the first call of `mswHandlers`, never at import.
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { MockServer } from '../mock-server.js';
import { isConnectionReset } from '../reset.js';

/** msw handlers answering every request under `baseURL` from the mock. */
export function createMswHandlers(mock: MockServer, baseURL: string): RequestHandler[] {
  return [
    http.all(`${baseURL.replace(/\/+$/, '')}/*`, async ({ request }) => {
      try {
        return await mock.handle(request);
      } catch (error) {
        if (isConnectionReset(error)) return HttpResponse.error();
        throw error;
      }
    }),
  ];
}
