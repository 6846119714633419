// Review of #11/#13 (fixed): the Web `Request` receiver (webhookHandler, honoWebhook) must bound what it
// reads by `maxBodyBytes` *while* reading. A chunked body (no Content-Length, as Workers and
// Next.js hand a streamed upload) is read whole by `request.arrayBuffer()` before the size is
// checked: one unauthenticated POST (any non-empty signature header passes the first gate) makes
// the receiver buffer everything the sender streams.
import { describe, expect, it } from 'vitest';
import { webhookHandler } from '../../src/webhooks/index.js';

const SECRET = 'whsec_cmV2aWV3LWJvZHktbGltaXQ';
const CHUNK = 64 * 1024;

/** A streamed body of `total` bytes, counting how many the consumer pulled. */
function streamed(total: number) {
  const pulled = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) {
        controller.close();
        return;
      }
      pulled.bytes += CHUNK;
      controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
    },
  });
  return { stream, pulled };
}

describe('review: Web receiver body limit', () => {
  it('webhookHandler stops reading a chunked body at maxBodyBytes (answers 413 having read ~1 MiB, not 64 MiB)', async () => {
    const handle = webhookHandler({ secret: SECRET, maxBodyBytes: 1_048_576 });
    const { stream, pulled } = streamed(64 * 1024 * 1024);
    const request = new Request('http://127.0.0.1/hook', {
      method: 'POST',
      headers: { 'x-daimon-signature': `sha256=${'0'.repeat(64)}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const response = await handle(request);
    expect(response.status).toBe(413);
    // A bounded reader stops one chunk past the limit.
    expect(pulled.bytes).toBeLessThanOrEqual(1_048_576 + 2 * CHUNK);
  });
});
