// The documented spellings of a message, read as the canonical one (api-contract §4). Shared by
// the webhook parser and the SDK's message decoders; imports nothing, so `@daimon/sdk/webhooks`
// stays light. Copy on write: a message already in the canonical form is returned as it came.

type Obj = Record<string, unknown>;

/** Each canonical field and the names pages use for it, preferred first (daimon-docs §7.1). */
const ALIASES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['id', ['message_id']],
  ['from_address', ['from']],
  ['to_address', ['to']],
  // `plain_body` and `text_body` are plain text by name; `body` may sit beside them (wh-events).
  ['body_text', ['plain_body', 'text_body', 'body']],
  ['body_html', ['html_body']],
];

/** How JSON.parse defines a property: `__proto__` stays data, it never becomes the prototype. */
const DATA = { enumerable: true, writable: true, configurable: true } as const;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A message in the canonical form: `from` → `from_address`, `to` → `to_address`, `plain_body` /
 * `text_body` / `body` → `body_text`, `html_body` → `body_html`, `message_id` → `id`,
 * `created_at` also read as `received_at`, and `links` given as `{ url, is_cta }` objects become
 * URL strings, the CTA ones also listed in `cta_links`. An alias moves to its canonical name
 * (nothing is dropped); what is not an object is returned unchanged.
 */
export function canonicalMessage(value: unknown): unknown {
  if (!isObj(value)) return value;
  let renames: Map<string, string> | undefined;
  for (const [name, aliases] of ALIASES) {
    if (value[name] !== undefined) continue;
    const alias = aliases.find((a) => value[a] !== undefined);
    if (alias === undefined) continue;
    renames ??= new Map();
    renames.set(alias, name);
  }
  const addReceived = value.received_at === undefined && value.created_at !== undefined;
  const links = linkURLs(value);
  if (!renames && !addReceived && !links) return value;
  // One new object, built key by key: `delete` on a copy would leave it slow to read.
  const out: Obj = {};
  const targets = renames ? new Set(renames.values()) : undefined;
  for (const key of Object.keys(value)) {
    const to = renames?.get(key) ?? key;
    // An own `address: undefined` must not overwrite the alias moved there.
    if (to === key && targets?.has(key)) continue;
    if (key === '__proto__') Object.defineProperty(out, key, { ...DATA, value: value[key] });
    else out[to] = value[key];
  }
  if (addReceived) out.received_at = value.created_at;
  if (links) {
    out.links = links.urls;
    out.cta_links = links.cta;
  }
  return out;
}

/** `links` given as `{ url, is_cta }` objects, as URLs and CTA URLs; undefined when all strings. */
function linkURLs(value: Obj): { urls: unknown[]; cta: unknown[] } | undefined {
  const links = value.links;
  const given = value.cta_links;
  if (!Array.isArray(links) || !links.some(isObj)) return undefined;
  if (given !== undefined && !Array.isArray(given)) return undefined;
  const cta: unknown[] = given ? [...given] : [];
  const urls = links.map((link) => {
    if (!isObj(link) || typeof link.url !== 'string') return link;
    if (link.is_cta === true && !cta.includes(link.url)) cta.push(link.url);
    return link.url;
  });
  return { urls, cta };
}
