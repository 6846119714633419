// Keeping credentials out of what the SDK shows: log lines, events, errors and their causes.

const REDACTED = '[redacted]';
/**
 * Header names that carry a credential: Authorization and Proxy-Authorization, cookies, API
 * keys, tokens, signatures. Broad on purpose: a header wrongly hidden costs a debug line, one
 * wrongly shown costs a key.
 */
const CREDENTIAL_HEADER = /auth|cookie|key|token|secret|passw|session|signature|credential/i;
/**
 * Names of JSON fields whose values are credentials: `api_key`, `accountApiKey`, `secret`,
 * `password`, `access_token`, and the request headers a debugging endpoint echoes back
 * (`authorization`, `cookie`). The one rule for field names: decoded bodies kept in errors
 * and events mask these, and an approval's mail (`deliverLink`) leaves them out at any depth.
 */
const SECRET_NAME =
  /(?:(?:api|secret|private|access)_?key|secret|passw(?:or)?d|passphrase|token|authorization|cookie|credentials?)$/i;

/** Whether a JSON field of this name holds a credential (see `SECRET_NAME`). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Shorter values are not looked for in text: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 8;

/**
 * The credential values among request headers, each whole and without its scheme
 * (`Bearer dm_live_…` → `dm_live_…`), longest first so a whole value is replaced before its part.
 */
export function secretsOf(headers: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const name in headers) {
    if (!CREDENTIAL_HEADER.test(name)) continue;
    const value = headers[name] as string;
    const token = value.replace(/^[A-Za-z][\w.+-]*\s+/, '');
    for (const s of token === value ? [value] : [value, token]) {
      if (s.length >= MIN_SECRET_LENGTH && !secrets.includes(s)) secrets.push(s);
    }
  }
  return secrets.sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.replaceAll(s, REDACTED);
  return out;
}

/**
 * A copy of `headers` safe to log, emit or keep on an error: credential headers replaced whole,
 * any other value with a secret in it (a key a server echoed back) with the secret replaced.
 */
export function redactHeaders(
  headers: Record<string, string>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = CREDENTIAL_HEADER.test(name) ? REDACTED : redactText(value, secrets);
  }
  return out;
}

/**
 * Response headers with any secret a server echoed back replaced; the same object when none is
 * there, which is every time on the success path. Header names are kept: a `set-cookie` the
 * API sets is the caller's to read.
 */
export function withoutSecrets(
  headers: Record<string, string>,
  secrets: readonly string[],
): Record<string, string> {
  for (const name in headers) {
    const value = headers[name] as string;
    if (secrets.some((s) => value.includes(s))) {
      const out: Record<string, string> = {};
      for (const [n, v] of Object.entries(headers)) out[n] = redactText(v, secrets);
      return out;
    }
  }
  return headers;
}

/**
 * The error itself when no secret shows in its message, stack or causes; else a copy (name,
 * message, stack, `code`, cause) with the secrets replaced. A custom fetch's error may quote the
 * request's headers, and the SDK keeps transport errors as the `cause` of its own.
 */
export function redactError(error: unknown, secrets: readonly string[], depth = 0): unknown {
  if (!(error instanceof Error) || secrets.length === 0 || depth > 4) return error;
  const cause = redactError(error.cause, secrets, depth + 1);
  const shown = `${error.message}\n${error.stack ?? ''}`;
  if (cause === error.cause && !secrets.some((s) => shown.includes(s))) return error;
  const copy = new Error(redactText(error.message, secrets), { cause });
  Object.defineProperty(copy, 'name', { value: error.name, enumerable: false });
  copy.stack = redactText(error.stack ?? '', secrets);
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) Object.assign(copy, { code });
  return copy;
}
