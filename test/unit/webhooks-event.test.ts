import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { loadWebhookEventSchema } from '../../src/resources/webhooks.js';
import { WebhookEventSchema } from '../../src/schemas/webhook.js';
import {
  memoryDedupe,
  signWebhook,
  verifyWebhook,
  WebhookVerificationError,
} from '../../src/webhooks/index.js';

const SECRET = 'whsec_ZXZlbnQtdGVzdHM';

function deliver(payload: unknown) {
  const body = JSON.stringify(payload);
  return verifyWebhook(body, { 'x-daimon-signature': signWebhook(body, SECRET) }, SECRET);
}

describe('normalising the documented payload forms', () => {
  it('reads the flatter form: event, event_id, timestamp and message at the top level', () => {
    const message = { id: 'msg_1', inbox_id: 'inb_1', subject: 'Hi', body_text: 'Hello' };
    const event = deliver({
      event: 'message.received',
      event_id: 'evt_9',
      timestamp: '2026-03-16T16:00:00Z',
      message,
    });
    expect(event).toMatchObject({
      id: 'evt_9',
      type: 'message.received',
      created_at: '2026-03-16T16:00:00Z',
      data: { message },
    });
    if (event.type === 'message.received') expect(event.data.message.subject).toBe('Hi');
  });

  it('reads epoch timestamps (seconds or milliseconds) as ISO 8601', () => {
    const iso = '2026-03-16T16:00:00.000Z';
    const s = Date.parse(iso) / 1000;
    expect(deliver({ event: 'account.upgraded', event_id: 'e', timestamp: s }).created_at).toBe(
      iso,
    );
    expect(
      deliver({ event: 'account.upgraded', event_id: 'e', timestamp: s * 1000 }).created_at,
    ).toBe(iso);
  });

  it('maps the aliases approval.granted and message.complained', () => {
    const granted = deliver({ id: 'e1', type: 'approval.granted', data: { approval_id: 'apr_1' } });
    expect(granted.type).toBe('approval.approved');
    // The status the type implies is filled in, as the next poll would show it.
    expect(granted.data).toEqual({ approval_id: 'apr_1', status: 'approved' });
    const complained = deliver({ id: 'e2', type: 'message.complained', data: { message_id: 'm' } });
    expect(complained.type).toBe('message.complaint');
  });

  it('reads approval fields at the top level or nested under `approval`', () => {
    const flat = deliver({
      event: 'approval.rejected',
      event_id: 'e',
      approval_id: 'apr_1',
      rejection_reason: 'no',
    });
    expect(flat).toMatchObject({
      type: 'approval.rejected',
      data: { approval_id: 'apr_1', status: 'rejected', rejection_reason: 'no' },
    });
    const nested = deliver({
      event: 'approval.expired',
      event_id: 'e',
      approval: { approval_id: 'apr_2' },
    });
    expect(nested.data).toEqual({ approval_id: 'apr_2', status: 'expired' });
  });

  it('passes through event types this version does not know, keeping a __proto__ key as data', () => {
    const body = '{"id":"e","type":"inbox.archived","__proto__":{"polluted":true},"x":1}';
    const event = verifyWebhook(body, { 'x-daimon-signature': signWebhook(body, SECRET) }, SECRET);
    expect(event.type).toBe('inbox.archived');
    expect(Object.keys(event.data)).toEqual(['__proto__', 'x']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

describe('the hand-written shape check agrees with WebhookEventSchema', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constant(null),
    fc.constant(undefined),
    fc.integer(),
  );
  const known = fc.constantFrom(
    'approval.approved',
    'approval.rejected',
    'approval.expired',
    'message.received',
    'message.delivered',
    'message.bounced',
    'message.complaint',
    'account.upgraded',
    'webhook.unhealthy',
  );
  const approvalData = fc.record(
    {
      approval_id: fc.oneof(fc.string({ minLength: 1, maxLength: 6 }), fc.integer()),
      status: fc.constantFrom('approved', 'rejected', 'expired', 'pending', undefined),
      action_type: text,
      action_context: fc.oneof(
        fc.dictionary(fc.string({ maxLength: 3 }), fc.integer()),
        fc.constant([]),
        text,
      ),
      operator_note: text,
      rejection_reason: text,
      decided_at: text,
      expires_at: text,
    },
    { requiredKeys: [] },
  );
  const messageData = fc.record({
    message: fc.oneof(
      fc.record(
        {
          id: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()),
          subject: text,
          to_address: fc.oneof(text, fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 })),
          labels: fc.oneof(
            fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
            fc.array(fc.integer(), { minLength: 1, maxLength: 2 }),
            fc.constant(undefined),
          ),
          read: fc.oneof(fc.boolean(), fc.constant(undefined), fc.string({ maxLength: 1 })),
          attachments: fc.oneof(
            fc.constant(undefined),
            fc.array(
              fc.record(
                { filename: text, size: fc.oneof(fc.integer(), fc.string({ maxLength: 2 })) },
                { requiredKeys: [] },
              ),
              { maxLength: 2 },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
      text,
    ),
  });
  const anEvent = fc.record(
    {
      id: fc.oneof(fc.string({ maxLength: 5 }), fc.integer()),
      type: known,
      created_at: text,
      account_id: text,
      data: fc.oneof(
        approvalData,
        messageData,
        fc.dictionary(fc.string({ maxLength: 3 }), fc.string()),
        fc.constant(null),
      ),
    },
    { requiredKeys: ['type'] },
  );

  it('accepts exactly what the zod schema accepts (known types, canonical form)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anEvent, (payload) => {
        let ours: unknown;
        try {
          ours = deliver(payload);
        } catch (error) {
          expect(error).toBeInstanceOf(WebhookVerificationError);
          expect((error as WebhookVerificationError).reason).toBe('invalid_payload');
        }
        // The schema judges what verifyWebhook made of it, or the payload when it refused.
        const judged = WebhookEventSchema.safeParse(ours ?? payload);
        if (ours !== undefined) accepted++;
        expect(ours !== undefined, JSON.stringify(payload)).toBe(judged.success);
      }),
      {
        numRuns: 2000,
        // Found by this property: an approved-only field on a rejected approval is the
        // schema's loose extra, not a field of the wrong type.
        examples: [
          [
            {
              id: ' ',
              type: 'approval.rejected',
              data: { approval_id: ' ', status: 'rejected', operator_note: 0 },
            },
          ],
        ],
      },
    );
    expect(accepted).toBeGreaterThan(50);
  });

  it('is the schema loadWebhookEventSchema() gives', async () => {
    expect(await loadWebhookEventSchema()).toBe(WebhookEventSchema);
  });
});

describe('memoryDedupe', () => {
  it('claims once, answers busy while claimed, done once completed, and drops the least recently used first', () => {
    let now = 0;
    const store = memoryDedupe({ capacity: 2, now: () => now });
    expect(store.claim('a', 1_000)).toBe('claimed');
    expect(store.claim('a', 1_000)).toBe('busy');
    store.release('a'); // the handling failed: the redelivery is handled
    expect(store.claim('a', 1_000)).toBe('claimed');
    store.complete('a');
    expect(store.claim('a', 1_000)).toBe('done');
    expect(store.claim('b', 1_000)).toBe('claimed');
    now = 1_001; // b's claim lapsed (its process died): claimable again
    expect(store.claim('b', 1_000)).toBe('claimed');
    store.complete('b');
    expect(store.claim('a', 1_000)).toBe('done'); // refreshes a: b is now the oldest
    expect(store.claim('c', 1_000)).toBe('claimed');
    store.complete('c'); // evicts b
    expect(store.claim('a', 1_000)).toBe('done');
    expect(store.claim('b', 1_000)).toBe('claimed');
    expect(() => memoryDedupe({ capacity: 0 })).toThrow(ValidationError);
  });
});
