// Which approval action types a context fits: one zod-free check shared by the approval decoder
// (schemas/approval.ts), the webhook verifier (webhooks/event.ts) and `isAction`. A leaf like
// errors.ts: the light webhooks entry and the zod schemas both import it, so it imports nothing.
import type { ActionContexts, ActionType } from './schemas/approval-types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => typeof v === 'string';
const optStr = (v: unknown) => v === undefined || typeof v === 'string';
const strings = (v: unknown) => Array.isArray(v) && v.every(str);
/** A list `inboxes.send` takes as `to`: one address at least. */
const someStrings = (v: unknown) => strings(v) && (v as unknown[]).length > 0;

/** Each type's required fields (and the optional ones, when present) of the right JSON kind. */
const FITS: { readonly [A in ActionType]: (c: Obj) => boolean } = {
  send_email: (c) =>
    (str(c.to) || someStrings(c.to)) &&
    str(c.subject) &&
    str(c.preview) &&
    (c.attachments === undefined || strings(c.attachments)),
  delete_data: (c) => str(c.resource_type) && str(c.resource_id) && optStr(c.warning),
  purchase: (c) =>
    typeof c.amount === 'number' &&
    Number.isFinite(c.amount) &&
    str(c.currency) &&
    str(c.vendor) &&
    optStr(c.description),
  config_change: (c) =>
    str(c.setting_name) && c.old_value !== undefined && c.new_value !== undefined,
  custom: (c) =>
    str(c.title) && optStr(c.description) && (c.metadata === undefined || isObj(c.metadata)),
};

/**
 * Each type's optional fields: a server that writes `null` for an absent one (as it does for
 * `decided_at` and the decision's fields) means absent, so the read drops it.
 */
const OPTIONAL: { readonly [A in ActionType]: readonly string[] } = {
  send_email: ['attachments'],
  delete_data: ['warning'],
  purchase: ['description'],
  config_change: [],
  custom: ['description', 'metadata'],
};

/**
 * Whether `context` carries `type`'s fields: what makes a read approval's `action_type` one of
 * the five (else it reads as an action type this SDK does not know, `raw_action_type`).
 */
export function fitsAction(type: unknown, context: unknown): boolean {
  const fits = typeof type === 'string' ? FITS[type as ActionType] : undefined;
  return (
    fits !== undefined && Object.hasOwn(FITS, type as string) && isObj(context) && fits(context)
  );
}

/**
 * An approval (or a webhook event's `data`) read so that narrowing on `action_type` never
 * promises what the API did not send: a `null` optional context field is dropped (absent); an
 * `action_type` that is not one of the five, or whose `action_context` is not of that type's
 * form, moves to `raw_action_type` (`action_type` absent, the context kept as sent). Copies on
 * write.
 */
export function canonicalAction<T>(value: T): T {
  if (!isObj(value) || typeof value.action_type !== 'string') return value;
  const { action_type, action_context } = value;
  const optional = Object.hasOwn(OPTIONAL, action_type)
    ? OPTIONAL[action_type as ActionType]
    : undefined;
  const context =
    optional && isObj(action_context) && optional.some((k) => action_context[k] === null)
      ? Object.fromEntries(
          Object.entries(action_context).filter(([k, v]) => !(v === null && optional.includes(k))),
        )
      : action_context;
  if (optional && fitsAction(action_type, context)) {
    return context === action_context ? value : ({ ...value, action_context: context } as T);
  }
  const { action_type: _, ...rest } = value;
  return { ...rest, raw_action_type: action_type } as T;
}

/** An approval-like value of action type `A`, its `action_context` of that type's form. */
export type ActionOf<T, A extends ActionType> = [Extract<T, { action_type: A }>] extends [never]
  ? T & { action_type: A; action_context: ActionContexts[A] }
  : Extract<T, { action_type: A }>;

/**
 * Narrows an approval (from `get`, `list`, `waitForDecision`, or an `approval.*` webhook
 * event's `data`) to one action type, checking at run time that `action_context` carries that
 * type's fields: `false` when the API sent a context of another form. After it, the context is
 * the create-time type (a `send_email`'s `to`, `subject`, `preview` go into `inboxes.send`).
 *
 * @example
 * ```ts
 * import { isAction } from '@daimon/sdk';
 * const decided = await client.approvals.waitForDecision(approval_id);
 * if (decided.status === 'approved' && isAction(decided, 'send_email')) {
 *   await client.inboxes.send(inboxId, decided.action_context);
 * }
 * ```
 */
export function isAction<
  T extends { action_type?: string | undefined; action_context?: unknown },
  A extends ActionType,
>(approval: T, type: A): approval is ActionOf<T, A> & T {
  return (
    isObj(approval) && approval.action_type === type && fitsAction(type, approval.action_context)
  );
}
