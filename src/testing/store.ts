import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'eventemitter3';
import { ApprovalsStore } from './approvals-store.js';
import { AttachmentHost } from './attachment-host.js';
import type { MockClock } from './clock.js';
import { DomainStore } from './domain-store.js';
import type { MockEvents } from './events.js';
import { IdempotencyKeys } from './idempotency.js';
import { InboxStore } from './inbox-store.js';
import { newId } from './responses.js';
import { WebhookStore } from './webhook-store.js';

/** An account: what owns keys, approvals (and, later, inboxes and webhooks). */
export interface Account {
  id: string;
  created_at: number;
  /** The plan an upgrade link's page moved it to (`/upgrade?token=`); else derived from its inboxes. */
  tier?: string;
}

/** What an API key grants: the whole account, or one inbox (§1 key scopes). */
export interface KeyGrant {
  accountId: string;
  scope: 'account' | 'inbox';
  /** Set for inbox keys. */
  inboxId?: string;
}

/**
 * The mock's whole state, in memory. Each concept has its own part (accounts and keys here,
 * `approvals`, `idempotency`); new resources add theirs beside them.
 */
export class Store {
  readonly clock: MockClock;
  readonly events: EventEmitter<MockEvents>;
  readonly accounts = new Map<string, Account>();
  readonly idempotency = new IdempotencyKeys();
  readonly approvals: ApprovalsStore;
  /** Per-mock secret that binds the approval page's CSRF tokens to their page. */
  readonly pageSecret: Buffer = randomBytes(32);
  readonly inboxes: InboxStore;
  /** Webhook endpoints and their secrets (delivery: `delivery.ts`). */
  readonly webhooks: WebhookStore;
  /** Custom domains (`routes/domains.ts`). */
  readonly domains: DomainStore;
  /** The presigned-URL file host of msg-att (`routes/attachments.ts`). */
  readonly attachments: AttachmentHost;
  readonly #keys = new Map<string, KeyGrant>();

  constructor(clock: MockClock, events: EventEmitter<MockEvents>, linkBase: () => string) {
    this.clock = clock;
    this.events = events;
    this.approvals = new ApprovalsStore(clock, events, linkBase);
    this.inboxes = new InboxStore(clock, events, linkBase);
    this.webhooks = new WebhookStore(clock);
    this.domains = new DomainStore(clock);
    this.attachments = new AttachmentHost(clock);
  }

  /**
   * A new account and its account key (`dm_live_…`): a second tenant, for isolation tests.
   *
   * @example
   * ```ts
   * const other = mock.store.createAccount();
   * const otherClient = mock.client({ apiKey: other.apiKey });
   * ```
   */
  createAccount(): { account: Account; apiKey: string } {
    const account: Account = { id: newId('acc'), created_at: this.clock.nowMs() };
    this.accounts.set(account.id, account);
    return { account, apiKey: this.issueKey({ accountId: account.id, scope: 'account' }) };
  }

  /**
   * Issues a key with this grant (`dm_live_` + 192 random bits).
   *
   * @example
   * ```ts
   * const inboxKey = store.issueKey({ accountId, scope: 'inbox', inboxId });
   * ```
   */
  issueKey(grant: KeyGrant): string {
    const key = `dm_live_${randomBytes(24).toString('base64url')}`;
    this.#keys.set(key, grant);
    return key;
  }

  /**
   * What a key grants, or undefined for an unknown key.
   *
   * @example
   * ```ts
   * store.grantOf(mock.accountApiKey); // { accountId: 'acc_…', scope: 'account' }
   * ```
   */
  grantOf(key: string): KeyGrant | undefined {
    return this.#keys.get(key);
  }
}
