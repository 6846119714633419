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
  let out: Obj | undefined;
  for (const [name, aliases] of ALIASES) {
    if (value[name] !== undefined) continue;
    for (const alias of aliases) {
      const found = value[alias];
      if (found === undefined) continue;
      out ??= { ...value };
      out[name] = found;
      delete out[alias];
      break;
    }
  }
  if (value.received_at === undefined && value.created_at !== undefined) {
    out ??= { ...value };
    out.received_at = value.created_at;
  }
  const links = value.links;
  if (Array.isArray(links) && links.some(isObj)) {
    const given = value.cta_links;
    if (given === undefined || Array.isArray(given)) {
      const cta: unknown[] = given ? [...given] : [];
      const urls = links.map((link) => {
        if (!isObj(link) || typeof link.url !== 'string') return link;
        if (link.is_cta === true && !cta.includes(link.url)) cta.push(link.url);
        return link.url;
      });
      out ??= { ...value };
      out.links = urls;
      out.cta_links = cta;
    }
  }
  return out ?? value;
}
