// Review 2: trying to break the fixes of assertCovers / waitCovering / offsetList.
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Approval,
  ApprovalMismatchError,
  DaimonClient,
  ValidationError,
} from '../../src/index.js';
import { startServer } from '../helpers/loopback-server.js';

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

async function scripted() {
  const server = await startServer();
  const client = new DaimonClient({ baseURL: server.url, apiKey: 'dm_acct_review', maxRetries: 0 });
  closers.push(
    () => client.close(),
    () => server.close(),
  );
  return { server, client };
}

const action = {
  action_type: 'send_email' as const,
  action_context: { to: ['ceo@company.com'], subject: 'Q3', preview: 'Hi' },
};

describe('review2: offset walks', () => {
  it('a server answering the same full page with has_more: true ends the walk (no endless requests)', async () => {
    const { server, client } = await scripted();
    const page = {
      threads: [
        {
          id: 'thr_a',
          inbox_id: 'inb_1',
          subject: 'a',
          created_at: '2024-01-01T00:00:00Z',
          updated_at: '2024-01-01T00:00:00Z',
        },
        {
          id: 'thr_b',
          inbox_id: 'inb_1',
          subject: 'b',
          created_at: '2024-01-01T00:00:00Z',
          updated_at: '2024-01-01T00:00:00Z',
        },
      ],
      has_more: true,
    };
    server.script(...Array.from({ length: 30 }, () => ({ body: page })));
    const ids: string[] = [];
    const walked = (async () => {
      for await (const t of client.threads.list({ limit: 2 })) ids.push(t.id);
    })();
    await expect(walked).resolves.toBeUndefined();
    expect(ids).toEqual(['thr_a', 'thr_b']);
    // Each request after the second gives nothing new: a walk that never stops hammers the API.
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });
});

describe('review2: binding', () => {
  it('approvals.get() of the g-hitl form {status: approved} does not cover an action', async () => {
    const { server, client } = await scripted();
    server.script({ body: { approval_id: 'apr_1', status: 'approved' } });
    const got = await client.approvals.get('apr_1');
    await expect(client.approvals.assertCovers(got, action)).rejects.toBeInstanceOf(
      ApprovalMismatchError,
    );
  });

  it('a replayed create whose reply names another action does not cover this one', async () => {
    const { server, client } = await scripted();
    server.script({
      status: 200,
      body: {
        approval_id: 'apr_old',
        magic_link: `${server.url}/approve/t`,
        status: 'approved',
        action_type: 'send_email',
        action_context: { to: ['evil@x.example'], subject: 'Q3', preview: 'Hi' },
      },
    });
    const created = await client.approvals.create({
      ...action,
      operator_message: 'ok?',
      client_id: 'run/1',
    });
    await expect(
      client.approvals.assertCovers(created as unknown as Approval, action),
    ).rejects.toBeInstanceOf(ApprovalMismatchError);
  });
});

describe('review2: waitCovering', () => {
  it('a misspelt option is refused before any request, as a rejection', async () => {
    const { server, client } = await scripted();
    let p: Promise<unknown> | undefined;
    expect(() => {
      p = client.approvals.waitForDecision('apr_1', { expected: action } as never);
    }).not.toThrow();
    await expect(p).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests.length).toBe(0);
  });
  it('a bad id rejects, never throws', async () => {
    const { client } = await scripted();
    let p: Promise<unknown> | undefined;
    expect(() => {
      p = client.approvals.waitForDecision('' as string);
    }).not.toThrow();
    await expect(p).rejects.toBeInstanceOf(ValidationError);
  });
  it('options given as a number (a timeout) are refused', async () => {
    const { server, client } = await scripted();
    let p: Promise<unknown> | undefined;
    expect(() => {
      p = client.approvals.waitForDecision('apr_1', 5000 as never);
    }).not.toThrow();
    await expect(p).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests.length).toBe(0);
  });
});
