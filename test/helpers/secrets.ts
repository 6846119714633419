import { inspect } from 'node:util';

/**
 * Collects everything a workload printed, logged, emitted, threw or returned, and finds the
 * secrets in it. Each secret is looked for whole and by its distinctive part (the key without
 * its `dm_live_` / `whsec_` prefix), so a leak that dropped or re-cased the prefix is still found.
 *
 * @example
 * ```ts
 * const scan = secretScanner();
 * scan.secret('account key', mock.accountApiKey);
 * scan.add('error', error);
 * expect(scan.leaks()).toEqual([]);
 * ```
 */
export function secretScanner() {
  const secrets = new Map<string, string>();
  const texts: Array<{ label: string; text: string }> = [];

  /** Every rendering a value can get: String, JSON, deep inspect; for errors message and stack too. */
  const renderings = (value: unknown): string[] => {
    const out = [
      inspect(value, { depth: 12, showHidden: true, getters: true, maxArrayLength: 50 }),
      safe(() => String(value)),
      safe(() => JSON.stringify(value) ?? ''),
    ];
    if (value instanceof Error) {
      out.push(value.message, value.stack ?? '');
      for (let c = value.cause, n = 0; c !== undefined && n < 5; n++) {
        out.push(...renderings(c));
        c = c instanceof Error ? c.cause : undefined;
      }
    }
    return out;
  };

  return {
    /** A secret to look for, named for the report. Its distinctive part must be long enough to mean something. */
    secret(name: string, value: string): void {
      if (value.length < 12) throw new Error(`secret ${name} is too short to scan for`);
      secrets.set(name, value);
    },
    /** Every value registered so far, rendered. */
    add(label: string, value: unknown): void {
      for (const text of renderings(value)) texts.push({ label, text });
    },
    /** How many renderings were collected (a scan of nothing proves nothing). */
    get size(): number {
      return texts.length;
    },
    /** `label: secret name` for each rendering that holds a secret; [] when clean. */
    leaks(filter: (label: string) => boolean = () => true): string[] {
      const found = new Set<string>();
      for (const { label, text } of texts) {
        if (!filter(label)) continue;
        const lower = text.toLowerCase();
        for (const [name, value] of secrets) {
          const core = value.replace(/^(dm_[a-z]+_|whsec_)/, '').toLowerCase();
          if (text.includes(value) || lower.includes(core)) found.add(`${label}: ${name}`);
        }
      }
      return [...found];
    },
  };
}

function safe(render: () => string): string {
  try {
    return render();
  } catch (error) {
    return `(unrenderable: ${(error as Error).message})`;
  }
}
