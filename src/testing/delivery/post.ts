import { createHmac } from 'node:crypto';
import type { Fetch } from '../../core/options.js';
import { invalidOption } from '../../core/options.js';

/** What one delivery attempt came to: a 2xx has no `error`; status 0 means no answer came. */
export interface PostOutcome {
  status: number;
  error?: string;
}

/**
 * POSTs one signed webhook body (`X-Daimon-Signature: sha256=<hex>` of the exact bytes sent, or
 * with `bareSignature` the hex alone, as wh-setup and wh-test show it) and says how it went.
 * Never throws: a refused connection, a reset or the timeout is an outcome.
 *
 * @example
 * ```ts
 * const { status, error } = await postSigned(fetch, webhook.url, body, secret, 5_000);
 * ```
 */
export async function postSigned(
  fetchFn: Fetch,
  url: string,
  body: string,
  secret: string,
  timeoutMs: number,
  bareSignature = false,
): Promise<PostOutcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  // Signed here, as wh-hmac describes it, not by the SDK's signer: a keying or encoding mistake
  // shared by signer and verifier would pass every webhook test.
  const signature = `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'daimon-mock-webhooks',
        'x-daimon-signature': bareSignature ? signature.replace(/^sha256=/, '') : signature,
      },
      body,
      // A redirect is not a delivery (the API does not follow them either).
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    return {
      status: 0,
      error: signal.aborted ? `timed out after ${timeoutMs} ms` : describe(error),
    };
  }
  // Drain the answer so the connection is reused; a body that never ends is cut by the signal.
  await response.arrayBuffer().catch(() => {});
  if (response.status >= 200 && response.status < 300) return { status: response.status };
  return { status: response.status, error: `HTTP ${response.status}` };
}

/**
 * Checks the `retryDelays` option: milliseconds, each ≥ 0.
 *
 * @example
 * ```ts
 * const delays = checkDelays(options.retryDelays ?? DEFAULT_RETRY_DELAYS);
 * ```
 */
export function checkDelays(delays: readonly number[]): readonly number[] {
  if (!Array.isArray(delays) || delays.some((d) => typeof d !== 'number' || !(d >= 0))) {
    throw invalidOption('webhooks.retryDelays', 'must be an array of non-negative milliseconds');
  }
  return [...delays];
}

/** The cause of a failed fetch in a few words (undici hides it in `cause`). */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
