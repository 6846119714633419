import { inspect } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DaimonClient } from '../../src/client.js';
import { APIError, DaimonError, ValidationError } from '../../src/errors.js';
import { createMockServer } from '../../src/testing/index.js';
import { anything, mutated, utf16, validParams } from './arbitraries.js';
import { asMail, type Method, sendable, valid, validId } from './contract.js';

// Every resource's param validation under fast-check, in memory against the mock: an input the
// contract forbids is refused with ValidationError before any request; an input it allows is
// sent, and ends in a result or a typed APIError (the mock may refuse, e.g. a taken username).
// The oracle (`contract.ts`) is written from the contract, not from the SDK's schemas.

/** Cases per property; 14 properties plus the id fuzz run several thousand in all. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const mock = createMockServer({ clock: 'manual', seed: 7 });
/** The body of the last request, as it left the client. */
let lastBody: string | undefined;
const client: DaimonClient = mock.client({
  maxRetries: 0,
  logLevel: 'off',
  fetch: (input, init) => {
    lastBody = typeof init?.body === 'string' ? init.body : undefined;
    return mock.fetch(input, init);
  },
});
let inboxId = '';
let messageId = '';
let webhookId = '';
let threadId = '';
let draftId = '';

beforeAll(async () => {
  const inbox = await client.inboxes.create({ username: 'fuzz-agent' });
  mock.inboxes.setTier(inbox.id, 'paid');
  inboxId = inbox.id;
  const received = mock.inboxes.receive(inbox.id, {
    from: 'Ada <ada@example.com>',
    subject: 'Hello',
    body_text: 'Hi there',
  });
  messageId = received.id;
  threadId = received.thread_id as string;
  draftId = (
    await client.inboxes.drafts.create(inbox.id, { to: 'a@b.io', subject: 's', body: 'b' })
  ).id;
  webhookId = (
    await client.webhooks.create({
      url: 'https://agent.example/hook',
      events: ['approval.approved'],
    })
  ).id;
});

const CALLS: Record<Method, (c: DaimonClient, params: never) => PromiseLike<unknown>> = {
  'approvals.create': (c, p) => c.approvals.create(p),
  'approvals.list': (c, p) => c.approvals.list(p),
  'inboxes.create': (c, p) => c.inboxes.create(p),
  'inboxes.update': (c, p) => c.inboxes.update(inboxId, p),
  'inboxes.send': (c, p) => c.inboxes.send(inboxId, p),
  'messages.list': (c, p) => c.inboxes.messages.list(inboxId, p),
  'messages.reply': (c, p) => c.inboxes.messages.reply(inboxId, messageId, p),
  'messages.forward': (c, p) => c.inboxes.messages.forward(inboxId, messageId, p),
  'messages.replyAll': (c, p) => c.inboxes.messages.replyAll(inboxId, messageId, p),
  'threads.list': (c, p) => c.threads.list(p),
  'threads.update': (c, p) => c.inboxes.threads.update(inboxId, threadId, p),
  'drafts.create': (c, p) => c.inboxes.drafts.create(inboxId, p),
  'drafts.update': (c, p) => c.inboxes.drafts.update(inboxId, draftId, p),
  'drafts.list': (c, p) => c.inboxes.drafts.list(inboxId, p),
  'webhooks.create': (c, p) => c.webhooks.create(p),
  'webhooks.update': (c, p) => c.webhooks.update(webhookId, p),
  'webhooks.list': (c, p) => c.webhooks.list(p),
};

/** Inputs each run tries first: the ones that once crashed with a bare TypeError. */
const circular: Record<string, unknown> = { title: 'loop' };
circular.self = circular;
const EXAMPLES: Partial<Record<Method, unknown[]>> = {
  'approvals.create': [
    { action_type: 'custom', action_context: { title: 't', n: 10n }, operator_message: 'm' },
    { action_type: 'custom', action_context: circular, operator_message: 'm' },
    {
      action_type: 'config_change',
      action_context: { setting_name: 's', old_value: undefined, new_value: 1 },
      operator_message: 'm',
    },
    JSON.parse(
      '{"action_type":"custom","action_context":{"title":"t","__proto__":{"polluted":1}},"operator_message":"m"}',
    ),
    {
      action_type: 'config_change',
      action_context: { setting_name: 's', old_value: 1, new_value: { big: 2n } },
      operator_message: 'm',
    },
  ],
};

/** What one call did: how many requests reached the mock, and how it ended. */
async function observe(call: () => PromiseLike<unknown>) {
  const before = mock.requests.length;
  let error: unknown;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  return { sent: mock.requests.length - before, error };
}

const show = (v: unknown) => inspect(v, { depth: 4, breakLength: Infinity }).slice(0, 400);

/**
 * JSON without `__proto__` keys: zod drops an own `__proto__` key from the objects it shapes (no
 * prototype pollution downstream) and passes it inside free values, so those are not compared.
 */
const parseJSON = (text: string) =>
  JSON.parse(text, (key, value) => (key === '__proto__' ? undefined : value)) as Record<
    string,
    unknown
  >;

/** The params a call sends: inboxes.send takes a send_email context as is (see `asMail`). */
const toSend = (method: Method, input: unknown) =>
  method === 'inboxes.send' ? asMail(input) : input;

/** The JSON a write's params should become: as JSON.stringify writes them (dates as ISO 8601). */
function asBody(method: Method, input: unknown): Record<string, unknown> {
  return parseJSON(JSON.stringify(toSend(method, input)));
}

/** The query a list's params should become: each given field, dates as ISO 8601. */
function asQuery(input: unknown): Array<[string, string]> {
  return Object.entries((input ?? {}) as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : String(v)]);
}

/** The property every method must hold for `input`. */
async function holds(method: Method, input: unknown): Promise<void> {
  // Free-form fields take any value the contract's JSON can carry.
  const expected = valid[method](input) && sendable(toSend(method, input));
  lastBody = undefined;
  const { sent, error } = await observe(() => CALLS[method](client, input as never));
  const detail = `${method}(${show(input)}) → sent ${sent}, ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  if (expected) {
    // Allowed: sent once; a result, or the server's refusal as a typed APIError.
    expect(sent, detail).toBe(1);
    if (error !== undefined) expect(error, detail).toBeInstanceOf(APIError);
    // A write's body is the params as given (plus its client_id), nothing dropped or altered.
    if (lastBody !== undefined && !method.endsWith('.list')) {
      const { client_id, ...sent } = parseJSON(lastBody);
      const { client_id: given, ...wanted } = asBody(method, input);
      expect(sent, detail).toEqual(wanted);
      // POSTs carry an idempotency key (the given one, or a generated one); PATCHes none.
      const post = !method.endsWith('.update');
      expect(client_id, detail).toEqual(post ? (given ?? expect.any(String)) : given);
    }
    // A list's query goes out as given, nothing dropped or altered.
    if (method.endsWith('.list')) {
      const query = [...new URLSearchParams(mock.requests.at(-1)?.query)];
      expect(query, detail).toEqual(asQuery(input));
    }
  } else {
    // Forbidden: refused before any request, with a ValidationError naming a field.
    expect(sent, detail).toBe(0);
    expect(error, detail).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field, detail).toEqual(expect.any(String));
  }
}

describe('fuzzing param validation (fast-check, in memory against the mock)', () => {
  for (const method of Object.keys(CALLS) as Method[]) {
    it(`${method}: anything, mutated valid params and valid params`, async () => {
      const inputs = fc.oneof(
        { arbitrary: anything, weight: 1 },
        { arbitrary: mutated(validParams[method]), weight: 2 },
        { arbitrary: validParams[method], weight: 1 },
      );
      await fc.assert(
        fc.asyncProperty(inputs, (input) => holds(method, input)),
        { numRuns: RUNS, examples: (EXAMPLES[method] ?? []).map((e) => [e]) },
      );
    });

    it(`${method}: valid params are always sent`, async () => {
      await fc.assert(
        fc.asyncProperty(validParams[method], async (input) => {
          expect(valid[method](input), show(input)).toBe(true);
          await holds(method, input);
        }),
        { numRuns: Math.ceil(RUNS / 3) },
      );
    });
  }

  it('id arguments: only non-empty strings are sent, each as exactly one encoded path segment', async () => {
    const ids = fc.oneof(
      anything,
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ unit: utf16, maxLength: 6 }),
      fc.constantFrom('.', '..', '../inboxes', 'a/b', '?x=1', '#frag', '%2e%2e', 'apr_1'),
    );
    const getters: Array<[string, (id: never) => PromiseLike<unknown>]> = [
      ['/v1/approvals/', (id) => client.approvals.get(id)],
      ['/v1/inboxes/', (id) => client.inboxes.get(id)],
      ['/v1/webhooks/', (id) => client.webhooks.get(id)],
    ];
    await fc.assert(
      fc.asyncProperty(ids, fc.nat(getters.length - 1), async (id, which) => {
        const [prefix, get] = getters[which] as (typeof getters)[number];
        const { sent, error } = await observe(() => get(id as never));
        if (!validId(id)) {
          expect(sent, show(id)).toBe(0);
          expect(error, show(id)).toBeInstanceOf(ValidationError);
          return;
        }
        expect(sent, show(id)).toBe(1);
        expect(mock.requests.at(-1)?.path).toBe(prefix + encodeURIComponent(id as string));
        if (error !== undefined) expect(error).toBeInstanceOf(DaimonError);
      }),
      {
        numRuns: RUNS * 2,
        examples: [
          ['\ud800', 0],
          ['a\udfffb', 1],
        ],
      },
    );
  });
});
