// Compile-time checks of the public surface: what must type-check, and (with @ts-expect-error)
// what must not. Run by vitest's typecheck mode.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type APIPromise,
  type Approval,
  type ClientOptions,
  type CreatedApproval,
  DaimonClient,
  type DaimonError,
  type NotifyOperatorParams,
  type OperatorNotice,
  type RateLimitError,
  type RequestOptions,
  type ResponseValidationError,
  type RetryEvent,
  type UnexpectedResponseEvent,
  type UnknownStatusApproval,
  type WithResponse,
} from '../../src/index.js';

const client = new DaimonClient({ apiKey: 'dm_live_x' });

describe('results', () => {
  it('get() resolves to an Approval that narrows on status', async () => {
    expectTypeOf(client.approvals.get('apr_1')).toEqualTypeOf<APIPromise<Approval>>();
    const a = await client.approvals.get('apr_1');
    expectTypeOf(a.approval_id).toEqualTypeOf<string>();
    expectTypeOf(a.status).toEqualTypeOf<
      'pending' | 'approved' | 'rejected' | 'expired' | 'unknown'
    >();
    expectTypeOf(a.raw_status).toEqualTypeOf<string | undefined>();

    // Before narrowing, the decision's fields are not known to be strings.
    // @ts-expect-error: rejection_reason is only typed on a rejected approval
    const early: string | null | undefined = a.rejection_reason;
    void early;

    if (a.status === 'rejected') {
      expectTypeOf(a.rejection_reason).toEqualTypeOf<string | null | undefined>();
      expectTypeOf(a.rejected_at).toEqualTypeOf<string | null | undefined>();
    }
    if (a.status === 'approved') {
      expectTypeOf(a.operator_note).toEqualTypeOf<string | null | undefined>();
      // @ts-expect-error: an approved approval has no typed rejection_reason
      const wrong: string | null | undefined = a.rejection_reason;
      void wrong;
    }
  });

  it('withResponse() gives data, next_steps and the response', async () => {
    const full = await client.approvals.get('apr_1').withResponse();
    expectTypeOf(full).toEqualTypeOf<WithResponse<Approval>>();
    expectTypeOf(full.data).toEqualTypeOf<Approval>();
    expectTypeOf(full.next_steps).toEqualTypeOf<string[]>();
    expectTypeOf(full.response.status).toEqualTypeOf<number>();
    expectTypeOf(full.response.headers).toEqualTypeOf<Record<string, string>>();
    expectTypeOf(full.response.requestId).toEqualTypeOf<string | undefined>();
    const created = await client.approvals
      .create({
        action_type: 'custom',
        action_context: { title: 'Deploy?' },
        operator_message: 'Deploy to prod?',
      })
      .withResponse();
    expectTypeOf(created.data).toEqualTypeOf<CreatedApproval>();
  });

  it('list() is awaitable for a page and iterable for approvals', async () => {
    const page = await client.approvals.list({ status: 'approved', limit: 10 });
    expectTypeOf(page.data).toEqualTypeOf<Approval[]>();
    expectTypeOf(page.has_more).toEqualTypeOf<boolean>();
    for await (const a of client.approvals.list()) expectTypeOf(a).toEqualTypeOf<Approval>();
    // @ts-expect-error: not a status
    client.approvals.list({ status: 'maybe' });
  });
});

describe('params', () => {
  it('action_context follows action_type', () => {
    client.approvals.create({
      action_type: 'purchase',
      action_context: { amount: 49, currency: 'USD', vendor: 'Acme' },
      operator_message: 'Renew?',
    });
    // @ts-expect-error: a purchase needs an amount
    client.approvals.create({
      action_type: 'purchase',
      action_context: { currency: 'USD', vendor: 'Acme' },
      operator_message: 'Renew?',
    });
    // @ts-expect-error: a purchase's context on a delete (no resource_type / resource_id)
    client.approvals.create({
      action_type: 'delete_data',
      action_context: { amount: 1, currency: 'USD', vendor: 'Acme' },
      operator_message: 'Delete?',
    });
    // @ts-expect-error: operator_message is required
    client.approvals.create({ action_type: 'custom', action_context: { title: 't' } });
    // @ts-expect-error: an id is a string
    client.approvals.get(42);
  });
});

describe('options', () => {
  it('client and per-call options accept what is documented and refuse typos', () => {
    const ok: ClientOptions = {
      apiKey: 'k',
      baseURL: 'http://127.0.0.1:1',
      timeout: 1000,
      maxRetries: 0,
      fetch: globalThis.fetch,
      defaultHeaders: { 'x-a': 'b' },
      logLevel: 'debug',
    };
    void ok;
    // @ts-expect-error: apiKy is a typo
    new DaimonClient({ apiKy: 'k' });
    // @ts-expect-error: maxRetries is a number
    new DaimonClient({ maxRetries: '3' });
    // @ts-expect-error: not a log level
    new DaimonClient({ logLevel: 'verbose' });

    const call: RequestOptions = {
      timeout: 5,
      maxRetries: 1,
      signal: AbortSignal.timeout(10),
      headers: { 'x-b': 'c' },
      idempotencyKey: 'step-1',
      apiKey: 'dm_live_inbox',
    };
    client.approvals.get('apr_1', call);
    // @ts-expect-error: timout is a typo
    client.approvals.get('apr_1', { timout: 5 });
    const params = { action_type: 'custom', action_context: { title: 't' }, operator_message: 'm' };
    // @ts-expect-error: idempotency_key is the wire name; the option is camelCase
    client.approvals.create(params as const, { idempotency_key: 'x' });
  });
});

describe('events and errors', () => {
  it('listeners get typed payloads, and unknown events do not compile', () => {
    client.on('retry', (e) => {
      expectTypeOf(e).toEqualTypeOf<RetryEvent>();
      expectTypeOf(e.delay).toEqualTypeOf<number>();
    });
    client.on('response', (e) => expectTypeOf(e.requestId).toEqualTypeOf<string | undefined>());
    // @ts-expect-error: no such event
    client.on('retries', () => {});
  });

  it('error fields are typed', () => {
    const e = {} as RateLimitError;
    expectTypeOf(e.retry_after).toEqualTypeOf<number | undefined>();
    expectTypeOf(e.status).toEqualTypeOf<number>();
    expectTypeOf(e.next_steps).toEqualTypeOf<string[]>();
    expectTypeOf(e.subcode).toEqualTypeOf<string | undefined>();
  });
});

describe('response types are closed', () => {
  it('a misspelt field does not compile; unknown fields stay reachable at run time only', async () => {
    const client = new DaimonClient({ apiKey: 'k' });
    const a = await client.approvals.get('apr_1');
    // @ts-expect-error: a typo is a compile error, not `unknown`
    a.aproval_id;
    const created = await client.approvals.create({
      action_type: 'custom',
      action_context: { title: 't', anything: { nested: true } },
      operator_message: 'm',
    });
    expectTypeOf(created.approval_id).toEqualTypeOf<string>();
    // action_context is a record: any key reads as unknown.
    expectTypeOf(a.action_context?.anything).toEqualTypeOf<unknown>();
    if (a.status === 'rejected')
      expectTypeOf(a.rejection_reason).toEqualTypeOf<string | null | undefined>();
    // @ts-expect-error: rejection_reason exists only once status narrows to 'rejected'
    a.rejection_reason;
  });
});

describe('fidelity: documented forms', () => {
  it('an unknown status never narrows to a decision', async () => {
    const a = await client.approvals.get('apr_1');
    if (a.status === 'unknown') {
      expectTypeOf(a).toEqualTypeOf<UnknownStatusApproval>();
      expectTypeOf(a.raw_status).toEqualTypeOf<string | undefined>();
      // @ts-expect-error: an unknown status carries no decision's fields
      const note: string | null | undefined = a.operator_note;
      void note;
    }
    const decided = await client.approvals.waitForDecision('apr_1');
    expectTypeOf(decided.status).toEqualTypeOf<'approved' | 'rejected' | 'expired'>();
  });

  it('the typed form resolves to an approval to wait on', async () => {
    const created = await client.approvals.create({
      action_type: 'custom',
      action_context: { title: 'Deploy?' },
      operator_message: 'Deploy to prod?',
    });
    expectTypeOf(created).toEqualTypeOf<CreatedApproval>();
    expectTypeOf(created.approval_id).toEqualTypeOf<string>();
    expectTypeOf(created.magic_link).toEqualTypeOf<string>();
    expectTypeOf(created.agent_script).toEqualTypeOf<string | undefined>();
    void client.approvals.waitForDecision(created.approval_id);
  });

  it('the reference form may resolve with no id: the caller must narrow', async () => {
    const params: NotifyOperatorParams = { issue: 'Upgrade?', action_label: 'Upgrade' };
    const notice = await client.approvals.create(params);
    expectTypeOf(notice).toEqualTypeOf<CreatedApproval | OperatorNotice>();
    // @ts-expect-error: approval_id may be undefined (an agent_script-only reply)
    void client.approvals.waitForDecision(notice.approval_id);
    if (notice.approval_id === undefined) {
      expectTypeOf(notice).toEqualTypeOf<OperatorNotice>();
      expectTypeOf(notice.agent_script).toEqualTypeOf<string>();
    } else {
      expectTypeOf(notice).toEqualTypeOf<CreatedApproval>();
      void client.approvals.waitForDecision(notice.approval_id);
    }
    // @ts-expect-error: the reference form takes no action_type fields beside issue
    void client.approvals.create({ issue: 'x', operator_message: 'y' });
    // @ts-expect-error: issue is required in the reference form
    void client.approvals.create({ context: {} });
  });

  it('writes say whether their answer was of unexpected form; the event is typed', async () => {
    const full = await client.approvals.get('apr_1').withResponse();
    expectTypeOf(full.unexpected).toEqualTypeOf<boolean>();
    client.on('unexpectedResponse', (e) => {
      expectTypeOf(e).toEqualTypeOf<UnexpectedResponseEvent>();
      expectTypeOf(e.body).toEqualTypeOf<unknown>();
      expectTypeOf(e.status).toEqualTypeOf<number>();
    });
  });

  it('extra fields go in a request option, as body or query', () => {
    const call: RequestOptions = { extra: { body: { priority: 'high' }, query: { search: 'x' } } };
    void client.approvals.get('apr_1', call);
    // @ts-expect-error: a query value is a string, number or boolean
    void client.approvals.get('apr_1', { extra: { query: { nested: { a: 1 } } } });
  });

  it('ResponseValidationError is a DaimonError with the body', () => {
    const e = {} as ResponseValidationError;
    expectTypeOf(e).toMatchTypeOf<DaimonError>();
    expectTypeOf(e.body).toEqualTypeOf<unknown>();
    expectTypeOf(e.field).toEqualTypeOf<string>();
  });
});
