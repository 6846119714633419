// Issue #16, "replay is visible": `replayed` tells a re-run's answer (an approval an earlier call
// made) from a new approval and from the answer to the SDK's own retry after a lost response.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConflictError,
  type CreateApprovalParams,
  hashAction,
  ValidationError,
} from '../../src/index.js';
import { createMockServer } from '../../src/testing/index.js';

const email: CreateApprovalParams = {
  action_type: 'send_email',
  action_context: { to: 'ceo@company.com', subject: 'Q3 report', preview: 'Hi, the report…' },
  operator_message: 'Send the Q3 report to the CEO?',
  client_id: 'run-42/send',
};

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

function setup() {
  const mock = createMockServer();
  const client = mock.client();
  closers.push(() => client.close());
  return { mock, client };
}

const creates = (mock: ReturnType<typeof createMockServer>) =>
  mock.requests.filter((r) => r.method === 'POST' && r.path === '/v1/notify-operator');

describe('approvals.create: replayed, action_hash, client_id', () => {
  it('a new approval is not a replay; the same client_id again is, with the same approval', async () => {
    const { mock, client } = setup();
    const first = await client.approvals.create(email);
    expect(first.replayed).toBe(false);
    expect(first.client_id).toBe('run-42/send');
    expect(first.action_hash).toBe(await hashAction(email));
    // What the reply left out is kept from the request, so the result says what was asked.
    expect(first.action_context).toEqual(email.action_context);
    expect(first.operator_message).toBe(email.operator_message);

    const again = await client.approvals.create({ ...email });
    expect(again.replayed).toBe(true);
    expect(again.approval_id).toBe(first.approval_id);
    expect(again.action_hash).toBe(first.action_hash);
    expect(mock.approvals.list()).toHaveLength(1);
  });

  it('a replay of a decided approval comes back decided, and its wait resolves at once', async () => {
    for (const decide of ['approve', 'reject', 'expire'] as const) {
      const { mock, client } = setup();
      const first = await client.approvals.create(email);
      if (decide === 'approve') mock.approvals.approve(first.approval_id);
      else if (decide === 'reject') mock.approvals.reject(first.approval_id);
      else mock.approvals.expire(first.approval_id);
      const again = await client.approvals.create(email);
      expect(again.replayed).toBe(true);
      const status = { approve: 'approved', reject: 'rejected', expire: 'expired' }[decide];
      expect(again.status).toBe(status);
      const before = mock.requests.length;
      const decided = await client.approvals.waitForDecision(again.approval_id, {
        pollInterval: { initial: 60_000 },
      });
      expect(decided.status).toBe(status);
      expect(mock.requests.length - before).toBe(1);
    }
  });

  it('a lost response followed by the SDK’s own retry is not a replay', async () => {
    const { mock, client } = setup();
    const rule = mock.faults.inject({
      kinds: ['reset'],
      count: 1,
      phase: 'after',
      match: 'POST /v1/notify-operator',
    });
    const created = await client.approvals.create(email);
    expect(rule.injected).toBe(1);
    expect(creates(mock)).toHaveLength(2);
    expect(created.replayed).toBe(false);
    expect(mock.approvals.list()).toHaveLength(1);
    // The lost attempt made it; the retry's 200 was the answer to this very call.
    expect(mock.approvals.list()[0]?.approval_id).toBe(created.approval_id);
  });

  it('an attempt that provably never reached the server does not hide a replay', async () => {
    const { mock, client } = setup();
    const first = await client.approvals.create(email);
    mock.faults.inject({
      kinds: [429],
      count: 1,
      retryAfter: 0,
      match: 'POST /v1/notify-operator',
    });
    const again = await client.approvals.create(email);
    expect(creates(mock)).toHaveLength(3);
    expect(again.approval_id).toBe(first.approval_id);
    expect(again.replayed).toBe(true);
  });

  it('the same client_id with a different body is ConflictError IDEMPOTENCY_KEY_REUSED', async () => {
    const { client } = setup();
    await client.approvals.create(email);
    const changed = {
      ...email,
      action_context: { ...email.action_context, to: 'someone-else@company.com' },
    };
    const error = await client.approvals.create(changed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('without a client_id the SDK makes one and says which; idempotencyKey is the same key', async () => {
    const { client } = setup();
    const { client_id: _, ...params } = email;
    const made = await client.approvals.create(params);
    expect(made.client_id).toMatch(/^[0-9a-f-]{36}$/);
    const keyed = await client.approvals.create(params, { idempotencyKey: 'step-7' });
    expect(keyed.client_id).toBe('step-7');
    expect((await client.approvals.create(params, { idempotencyKey: 'step-7' })).replayed).toBe(
      true,
    );
  });

  it('the reference form hashes the action as the API stores it (a custom action)', async () => {
    const { mock, client } = setup();
    const made = await client.approvals.create({
      issue: 'Sending needs a paid plan',
      context: { recipient: 'ceo@company.com' },
      action_label: 'Upgrade',
    });
    if (made.approval_id === undefined) throw new Error('the mock answers with an id');
    const stored = mock.approvals.get(made.approval_id);
    expect(made.action_hash).toBe(
      await hashAction(stored as { action_type: string; action_context: Record<string, unknown> }),
    );
  });

  it('a context JSON cannot carry fails before any request, naming the field', async () => {
    const { mock, client } = setup();
    const error = await client.approvals
      .create({
        action_type: 'custom',
        action_context: { title: 'x', metadata: { ratio: Number.POSITIVE_INFINITY } },
        operator_message: 'y',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(mock.requests).toHaveLength(0);
  });
});
