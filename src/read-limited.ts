/** A body as a WHATWG stream (every fetch and Request) or, from an older fetch polyfill, a Node stream. */
export type BodyStream = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Reads a body whole, but never more than `limit` bytes: past it the stream is cancelled unread
 * and `tooLarge()` is thrown, so a chunked body with no `Content-Length` is never buffered whole.
 * Shared by the fetch transport (responses), the webhook receivers and the mock (requests).
 * A leaf like `errors.ts`: each caller brings its own error.
 */
export async function readLimited(
  body: BodyStream,
  limit: number,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const take = (chunk: Uint8Array): void => {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  };
  if ('getReader' in body) {
    const reader = body.getReader();
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) take(r.value);
    } catch (error) {
      await reader.cancel().catch(() => {});
      throw error;
    }
  } else {
    // Leaving a for-await early destroys the stream.
    for await (const chunk of body) take(chunk);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
