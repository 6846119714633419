import { WebhookVerificationError } from '../errors.js';
import { SIGNATURE_HEADER } from './sign.js';

/**
 * Request headers in any of the shapes a handler has at hand: Node's `IncomingHttpHeaders`
 * (`req.headers`), a Web `Headers`, or a plain object. Names are matched case-insensitively.
 */
export type WebhookHeaders =
  | { get: (name: string) => string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** The header's value, or undefined. Node lower-cases names already, so the scan is the rare path. */
export function readSignatureHeader(
  headers: WebhookHeaders | null | undefined,
): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  if (typeof headers.get === 'function') {
    return (headers as { get(name: string): string | null }).get(SIGNATURE_HEADER) ?? undefined;
  }
  const record = headers as Readonly<Record<string, unknown>>;
  let value = record[SIGNATURE_HEADER];
  if (value === undefined) {
    for (const name in record) {
      if (name.length === SIGNATURE_HEADER.length && name.toLowerCase() === SIGNATURE_HEADER) {
        value = record[name];
        break;
      }
    }
  }
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(',');
  return typeof value === 'string' ? value : undefined;
}

const HEX64 = /^[0-9a-f]{64}$/i;
const SEPARATORS = /[\s,]+/;

/**
 * The signatures a header carries, hex-decoded: `sha256=<hex>` or bare `<hex>`, and, so a sender
 * may sign with an old and a new secret during rotation, several of them separated by commas or
 * spaces (Node also joins a repeated header with `, `).
 */
export function parseSignatures(header: string | undefined): Buffer[] {
  if (header === undefined || header.trim() === '') {
    throw new WebhookVerificationError(
      'missing_signature',
      `No ${SIGNATURE_HEADER} header: this request was not signed by daimon`,
    );
  }
  const one = parseOne(header);
  if (one) return [one];
  const parts = header.split(SEPARATORS).filter((p) => p !== '');
  const out: Buffer[] = [];
  for (const part of parts) {
    const sig = parseOne(part);
    if (!sig) return malformed();
    out.push(sig);
  }
  return out.length > 0 ? out : malformed();
}

function parseOne(value: string): Buffer | undefined {
  const hex =
    value.length === 71 && value.slice(0, 7).toLowerCase() === 'sha256=' ? value.slice(7) : value;
  return hex.length === 64 && HEX64.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}

function malformed(): never {
  throw new WebhookVerificationError(
    'malformed_signature',
    `The ${SIGNATURE_HEADER} header is not \`sha256=<64 hex digits>\` (nor bare hex)`,
  );
}
