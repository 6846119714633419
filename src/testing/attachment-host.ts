// The mock's stand-in for the object store behind msg-att's presigned URLs: a host of its own
// (a second loopback listener once the mock listens; in memory, an origin of its own), which
// serves an attachment's bytes to whoever holds the URL and records what each request carried,
// so a test can check that no API key went there.
import { createHash, randomBytes } from 'node:crypto';
import { type Listening, serveHTTP } from './adapters/http.js';
import { iso, type MockClock } from './clock.js';

/** Where presigned URLs point before `listen()`: a reserved name (RFC 2606), apart from the API's. */
export const IN_MEMORY_FILES_ORIGIN = 'http://files.mock.daimon.invalid';
/** The path presigned URLs live under, on the file host. */
export const FILES_PATH = '/files/';
/** How long a presigned URL works (mock time). */
const URL_LIFETIME_MS = 60 * 60 * 1000;

/** One request the file host answered: for tests, e.g. that it carried no `authorization`. */
export interface FileHostRequest {
  method: string;
  /** The origin the request was made to (the file host's, unless misdirected). */
  origin: string;
  /** Header names lower-case. */
  headers: Record<string, string>;
  status: number;
}

/** `mock.attachments`: what the presigned file host serves and saw. */
export interface MockAttachments {
  /**
   * The bytes the file host serves for an attachment (made from its id, `size` bytes long).
   * @example `mock.attachments.content(inboxId, message.id, message.attachments[0]?.id ?? '')`
   */
  content(inboxId: string, messageId: string, attachmentId: string): Uint8Array;
  /**
   * Every request the file host answered, oldest first.
   * @example `expect(mock.attachments.requests[0]?.headers.authorization).toBeUndefined()`
   */
  readonly requests: readonly FileHostRequest[];
}

interface Grant {
  attachmentId: string;
  size: number;
  filename: string;
  contentType: string;
  expiresMs: number;
}

/** `size` bytes that depend on `id` only: SHA-256 in counter mode. */
export function bytesFor(id: string, size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  for (let at = 0, n = 0; at < size; n++) {
    const block = createHash('sha256').update(`${id}:${n}`).digest();
    out.set(block.subarray(0, Math.min(block.length, size - at)), at);
    at += block.length;
  }
  return out;
}

export class AttachmentHost {
  readonly requests: FileHostRequest[] = [];
  readonly #grants = new Map<string, Grant>();
  readonly #clock: MockClock;
  #listening: Listening | undefined;

  constructor(clock: MockClock) {
    this.#clock = clock;
  }

  /** The file host's origin: its listener's once the mock listens. */
  get origin(): string {
    return this.#listening?.url ?? IN_MEMORY_FILES_ORIGIN;
  }

  /** A presigned URL for one attachment, valid for an hour of mock time. */
  presign(attachment: { id: string; size: number; filename: string; content_type: string }): {
    url: string;
    expires_at: string;
  } {
    const token = randomBytes(24).toString('base64url');
    const expiresMs = this.#clock.nowMs() + URL_LIFETIME_MS;
    this.#grants.set(token, {
      attachmentId: attachment.id,
      size: attachment.size,
      filename: attachment.filename,
      contentType: attachment.content_type,
      expiresMs,
    });
    return {
      url: `${this.origin}${FILES_PATH}${token}/${encodeURIComponent(attachment.filename)}`,
      expires_at: iso(expiresMs),
    };
  }

  /** Answers a GET of a presigned URL (the token is the credential: no key is read). */
  serve(request: Request, url: URL, token: string): Response {
    const grant = this.#grants.get(token);
    const expired = grant !== undefined && this.#clock.nowMs() >= grant.expiresMs;
    const misdirected = url.origin !== this.origin && this.#listening !== undefined;
    let response: Response;
    if (!grant || expired || misdirected) {
      // S3 and R2 answer a bad or stale signature with 403 and an XML error.
      const why = !grant || misdirected ? 'SignatureDoesNotMatch' : 'AccessDenied';
      response = new Response(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${why}</Code><Message>${expired ? 'Request has expired' : 'The presigned URL is not valid here'}</Message></Error>`,
        { status: 403, headers: { 'content-type': 'application/xml' } },
      );
    } else {
      response = new Response(bytesFor(grant.attachmentId, grant.size), {
        headers: {
          'content-type': grant.contentType,
          'content-disposition': `attachment; filename="${grant.filename.replace(/["\\\r\n]/g, '_')}"`,
        },
      });
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    this.requests.push({
      method: request.method,
      origin: url.origin,
      headers,
      status: response.status,
    });
    return response;
  }

  /**
   * Serves the file host on its own loopback port: only presigned paths, through `handle` (the
   * mock's, so faults and the request log see it too).
   */
  async listen(handle: (request: Request) => Promise<Response>, host?: string): Promise<void> {
    if (this.#listening) return;
    this.#listening = await serveHTTP(
      async (request) =>
        new URL(request.url).pathname.startsWith(FILES_PATH)
          ? handle(request)
          : new Response('Not found', { status: 404 }),
      host === undefined ? {} : { host },
    );
  }

  async close(): Promise<void> {
    const listening = this.#listening;
    this.#listening = undefined;
    await listening?.close();
  }
}

/** `mock.attachments` over the file host and the inboxes whose messages hold the attachments. */
export function mockAttachments(
  host: AttachmentHost,
  inboxes: {
    message(
      inboxId: string,
      messageId: string,
    ): { attachments: readonly { id: string; size: number }[] };
  },
): MockAttachments {
  return {
    get requests() {
      return host.requests;
    },
    content(inboxId, messageId, attachmentId) {
      const found = inboxes
        .message(inboxId, messageId)
        .attachments.find((a) => a.id === attachmentId);
      if (!found) throw new Error(`No attachment ${attachmentId} on message ${messageId}`);
      return bytesFor(found.id, found.size);
    },
  };
}
