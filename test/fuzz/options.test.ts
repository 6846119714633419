import { inspect } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { APITimeoutError, DaimonError, ValidationError } from '../../src/errors.js';
import { createMockServer } from '../../src/testing/index.js';
import { anything, mutated, utf16 } from './arbitraries.js';
import { sendable } from './contract.js';

// The per-call options bag (the last argument of every method) under fast-check: options a
// JavaScript caller got wrong are refused with ValidationError before any request; right ones
// are honoured; an aborted signal rejects with its own reason; nothing else ever escapes.

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const mock = createMockServer({ clock: 'manual', seed: 9 });
const client = mock.client({ maxRetries: 0, logLevel: 'off' });
let approvalId = '';
beforeAll(async () => {
  approvalId = (
    await client.approvals.create({
      action_type: 'custom',
      action_context: { title: 'Fuzz options' },
      operator_message: 'Options?',
    })
  ).approval_id;
});

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Tab, printable ASCII and Latin-1: what an HTTP header value can carry. */
const headerText = (v: unknown) => typeof v === 'string' && /^[\t\x20-\x7e\x80-\xff]*$/.test(v);
const positiveMs = (v: unknown) => typeof v === 'number' && v > 0 && v <= 2_147_483_647;
const count = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const bytes = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const wellFormed = (v: string) => !/[\uD800-\uDFFF]/u.test(v);

/**
 * `extra`: only `body` (a JSON object; none on a GET) and `query` (string, number or boolean
 * values, well-formed), and a body `client_id` must not contradict `idempotencyKey`.
 */
function validExtra(extra: unknown, post: boolean, idempotencyKey: unknown): boolean {
  if (extra === undefined) return true;
  if (!isRecord(extra) || Object.keys(extra).some((k) => k !== 'body' && k !== 'query')) {
    return false;
  }
  const { body, query } = extra;
  if (body !== undefined) {
    if (!post || !isRecord(body) || !sendable(body)) return false;
    const id = body.client_id;
    if (id !== undefined && idempotencyKey !== undefined && id !== idempotencyKey) return false;
  }
  if (query === undefined) return true;
  return (
    isRecord(query) &&
    Object.entries(query).every(
      ([k, v]) =>
        wellFormed(k) &&
        (v === undefined ||
          typeof v === 'number' ||
          typeof v === 'boolean' ||
          (typeof v === 'string' && wellFormed(v))),
    )
  );
}

/** The oracle, from the RequestOptions docs: unknown fields are ignored, known ones checked. */
function validOptions(o: unknown, post: boolean): boolean {
  if (o === undefined || o === null) return true;
  if (typeof o !== 'object') return false;
  const r = o as Record<string, unknown>;
  const headers = r.headers;
  return (
    validExtra(r.extra, post, r.idempotencyKey) &&
    (r.timeout === undefined || positiveMs(r.timeout)) &&
    (r.maxRetries === undefined || count(r.maxRetries)) &&
    (r.maxResponseBytes === undefined || bytes(r.maxResponseBytes)) &&
    (r.signal === undefined || r.signal instanceof AbortSignal) &&
    (r.idempotencyKey === undefined ||
      (typeof r.idempotencyKey === 'string' &&
        r.idempotencyKey.length >= 1 &&
        r.idempotencyKey.length <= 255)) &&
    (r.apiKey === undefined || headerText(r.apiKey)) &&
    (headers === undefined ||
      (typeof headers === 'object' &&
        headers !== null &&
        Object.entries(headers).every(([k, v]) => TOKEN.test(k) && headerText(v))))
  );
}

const header = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: utf16, maxLength: 8 }));
const validShape = fc.record(
  {
    timeout: fc.oneof(
      fc.integer({ min: 1_000, max: 60_000 }),
      fc.double({ min: 1e3, max: 1e6, noNaN: true }),
    ),
    maxRetries: fc.integer({ min: 0, max: 3 }),
    maxResponseBytes: fc.oneof(
      fc.integer({ min: 1, max: 64 }),
      fc.integer({ min: 4096, max: 1e8 }),
    ),
    signal: fc.constant(new AbortController().signal),
    headers: fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,12}$/), fc.string({ maxLength: 20 })),
    idempotencyKey: fc.string({ minLength: 1, maxLength: 40 }),
    apiKey: fc.constant(mock.accountApiKey),
    extra: fc.oneof(
      fc.anything(),
      fc.record(
        {
          body: fc.dictionary(fc.constantFrom('priority', 'note', 'client_id'), fc.jsonValue()),
          query: fc.dictionary(
            fc.string({ maxLength: 6 }),
            fc.oneof(fc.string(), fc.integer(), fc.boolean()),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);
const options = fc.oneof(
  anything,
  validShape,
  mutated(validShape),
  fc.record({ headers: fc.dictionary(header, header, { maxKeys: 2 }) }),
  fc.record({ apiKey: header }),
  fc.constant({ signal: AbortSignal.abort(new Error('stop')) }),
);

describe('fuzzing per-call options (fast-check, in memory against the mock)', () => {
  it('a GET and a POST with any options: ValidationError before any request, or honoured', async () => {
    await fc.assert(
      fc.asyncProperty(options, fc.boolean(), async (opts, post) => {
        const before = mock.requests.length;
        let error: unknown;
        try {
          if (post) {
            const params = {
              action_type: 'custom',
              action_context: { title: 't' },
              operator_message: 'm',
            } as const;
            await client.approvals.create(params, opts as never);
          } else {
            await client.approvals.get(approvalId, opts as never);
          }
        } catch (e) {
          error = e;
        }
        const sent = mock.requests.length - before;
        const detail = `${inspect(opts, { depth: 3 })} → sent ${sent}, ${inspect(error, { depth: 1 }).slice(0, 300)}`;
        const signal = (opts as { signal?: unknown } | null)?.signal;
        if (!validOptions(opts, post)) {
          expect(error, detail).toBeInstanceOf(ValidationError);
          expect(sent, detail).toBe(0);
        } else if (signal instanceof AbortSignal && signal.aborted) {
          expect(error, detail).toBe(signal.reason);
          expect(sent, detail).toBe(0);
        } else if (error instanceof APITimeoutError) {
          // A timeout of a few microseconds may fire before the mock logs the request.
          expect(sent, detail).toBeLessThanOrEqual(1);
        } else {
          expect(sent, detail).toBe(1);
          if (error !== undefined) expect(error, detail).toBeInstanceOf(DaimonError);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
