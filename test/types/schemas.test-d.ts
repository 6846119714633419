// The hand-written public types (src/schemas/*-types.ts) against the zod schemas that check at
// run time: each pair must be equal, so that a field added, dropped, renamed or retyped on either
// side fails here. Params compare with the schema's input, results with its output. `Known`
// drops the catch-all key of zod's loose objects (users' types are closed to typos) on both
// sides; the action contexts, which keep theirs, are compared as they are.
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type * as T from '../../src/index.js';
import type * as A from '../../src/schemas/approval.js';
import type * as D from '../../src/schemas/draft.js';
import type * as I from '../../src/schemas/inbox.js';
import type { Known } from '../../src/schemas/known.js';
import type * as M from '../../src/schemas/message.js';
import type * as Th from '../../src/schemas/thread.js';
import type * as W from '../../src/schemas/webhook.js';

type Out<S extends z.ZodType> = Known<z.output<S>>;
type In<S extends z.ZodType> = z.input<S>;
/** The compiler's identity relation: optional and readonly modifiers count. */
type Equal<X, Y> =
  (<G>() => G extends X ? 1 : 2) extends <G>() => G extends Y ? 1 : 2 ? true : false;

describe('approval types equal their schemas', () => {
  it('action contexts, as sent (their extra fields are kept)', () => {
    expectTypeOf<In<typeof A.SendEmailContext>>().toEqualTypeOf<T.SendEmailContext>();
    expectTypeOf<In<typeof A.DeleteDataContext>>().toEqualTypeOf<T.DeleteDataContext>();
    expectTypeOf<In<typeof A.PurchaseContext>>().toEqualTypeOf<T.PurchaseContext>();
    expectTypeOf<In<typeof A.ConfigChangeContext>>().toEqualTypeOf<T.ConfigChangeContext>();
    expectTypeOf<In<typeof A.CustomContext>>().toEqualTypeOf<T.CustomContext>();
    expectTypeOf<z.output<typeof A.ActionType>>().toEqualTypeOf<T.ActionType>();
    expectTypeOf<z.output<typeof A.ApprovalStatus>>().toEqualTypeOf<T.ApprovalStatus>();
  });

  it('params', () => {
    expectTypeOf<In<typeof A.CreateApprovalParams>>().toEqualTypeOf<T.CreateApprovalParams>();
    expectTypeOf<In<typeof A.NotifyOperatorParams>>().toEqualTypeOf<T.NotifyOperatorParams>();
    expectTypeOf<In<typeof A.ListApprovalsQuery>>().toEqualTypeOf<T.ListApprovalsQuery>();
  });

  it('results', () => {
    expectTypeOf<Out<typeof A.PendingApproval>>().toEqualTypeOf<Known<T.PendingApproval>>();
    expectTypeOf<Out<typeof A.ApprovedApproval>>().toEqualTypeOf<Known<T.ApprovedApproval>>();
    expectTypeOf<Out<typeof A.RejectedApproval>>().toEqualTypeOf<Known<T.RejectedApproval>>();
    expectTypeOf<Out<typeof A.ExpiredApproval>>().toEqualTypeOf<Known<T.ExpiredApproval>>();
    expectTypeOf<Out<typeof A.UnknownStatusApproval>>().toEqualTypeOf<
      Known<T.UnknownStatusApproval>
    >();
    expectTypeOf<Out<typeof A.Approval>>().toEqualTypeOf<Known<T.Approval>>();
    expectTypeOf<Out<typeof A.CreatedApproval>>().toEqualTypeOf<Known<T.CreatedApproval>>();
    expectTypeOf<Out<typeof A.OperatorNotice>>().toEqualTypeOf<Known<T.OperatorNotice>>();
    expectTypeOf<Out<typeof A.ApprovalList>>().toEqualTypeOf<Known<T.ApprovalList>>();
  });
});

describe('inbox and message types equal their schemas', () => {
  it('params', () => {
    expectTypeOf<In<typeof I.CreateInboxParams>>().toEqualTypeOf<T.CreateInboxParams>();
    expectTypeOf<
      In<typeof I.AddressCreateInboxParams>
    >().toEqualTypeOf<T.AddressCreateInboxParams>();
    expectTypeOf<In<typeof I.UpdateInboxParams>>().toEqualTypeOf<T.UpdateInboxParams>();
    // Those with a `send_at` / `before` (string | Date): vitest's toEqualTypeOf gives up on them
    // after the other checks here (each passes alone), so the compiler's own identity check.
    expectTypeOf<Equal<In<typeof M.SendParamsShape>, T.SendMailParams>>().toEqualTypeOf<true>();
    expectTypeOf<
      Equal<In<typeof M.PreviewSendParams>, T.SendPreviewParams>
    >().toEqualTypeOf<true>();
    expectTypeOf<Equal<In<typeof M.DraftSendParams>, T.SendDraftParams>>().toEqualTypeOf<true>();
    expectTypeOf<Equal<In<typeof M.SkillSendParams>, T.SendSkillParams>>().toEqualTypeOf<true>();
    expectTypeOf<Equal<In<typeof M.ReplyParams>, T.ReplyParams>>().toEqualTypeOf<true>();
    expectTypeOf<Equal<In<typeof M.ReplyAllParams>, T.ReplyAllParams>>().toEqualTypeOf<true>();
    expectTypeOf<Equal<In<typeof M.ForwardParams>, T.ForwardParams>>().toEqualTypeOf<true>();
    expectTypeOf<
      Equal<In<typeof M.ListMessagesQuery>, T.ListMessagesQuery>
    >().toEqualTypeOf<true>();
    // The identity check fails on drift: a field more, less, or of another optionality.
    expectTypeOf<
      Equal<In<typeof M.ReplyParams>, Omit<T.ReplyParams, 'cc'>>
    >().toEqualTypeOf<false>();
    expectTypeOf<Equal<In<typeof M.ReplyParams>, Required<T.ReplyParams>>>().toEqualTypeOf<false>();
  });

  it('results', () => {
    expectTypeOf<z.output<typeof I.InboxStatus>>().toEqualTypeOf<T.InboxStatus>();
    expectTypeOf<z.output<typeof I.InboxTier>>().toEqualTypeOf<T.InboxTier>();
    expectTypeOf<Out<typeof I.Inbox>>().toEqualTypeOf<Known<T.Inbox>>();
    expectTypeOf<Out<typeof I.CreatedInbox>>().toEqualTypeOf<Known<T.CreatedInbox>>();
    expectTypeOf<Out<typeof I.InboxList>>().toEqualTypeOf<Known<T.InboxList>>();
    expectTypeOf<Out<typeof I.DeletedInbox>>().toEqualTypeOf<Known<T.DeletedInbox>>();
    expectTypeOf<z.output<typeof M.SendStatus>>().toEqualTypeOf<T.SendStatus>();
    expectTypeOf<Out<typeof M.SendResult>>().toEqualTypeOf<Known<T.SendResult>>();
    expectTypeOf<Out<typeof M.ForwardResult>>().toEqualTypeOf<Known<T.ForwardResult>>();
    expectTypeOf<Out<typeof M.Attachment>>().toEqualTypeOf<Known<T.Attachment>>();
    expectTypeOf<Out<typeof M.Message>>().toEqualTypeOf<Known<T.Message>>();
    expectTypeOf<Out<typeof M.MessageList>>().toEqualTypeOf<Known<T.MessageList>>();
    expectTypeOf<Out<typeof M.DeletedMessage>>().toEqualTypeOf<Known<T.DeletedMessage>>();
  });
});

describe('webhook types equal their schemas', () => {
  it('params and names', () => {
    expectTypeOf<z.output<typeof W.WebhookEventType>>().toEqualTypeOf<T.KnownWebhookEventType>();
    expectTypeOf<z.output<typeof W.WebhookEventName>>().toEqualTypeOf<T.WebhookEventName>();
    expectTypeOf<z.output<typeof W.WebhookStatus>>().toEqualTypeOf<T.WebhookStatus>();
    expectTypeOf<In<typeof W.CreateWebhookParams>>().toEqualTypeOf<T.CreateWebhookParams>();
    expectTypeOf<In<typeof W.UpdateWebhookParams>>().toEqualTypeOf<T.UpdateWebhookParams>();
    expectTypeOf<In<typeof W.ListWebhooksQuery>>().toEqualTypeOf<T.ListWebhooksQuery>();
  });

  it('results and events', () => {
    expectTypeOf<Out<typeof W.Webhook>>().toEqualTypeOf<Known<T.Webhook>>();
    expectTypeOf<Out<typeof W.CreatedWebhook>>().toEqualTypeOf<Known<T.CreatedWebhook>>();
    expectTypeOf<Out<typeof W.DeletedWebhook>>().toEqualTypeOf<Known<T.DeletedWebhook>>();
    expectTypeOf<Out<typeof W.WebhookMessage>>().toEqualTypeOf<Known<T.WebhookMessage>>();
    expectTypeOf<Out<typeof W.ApprovalApprovedEvent>>().toEqualTypeOf<
      Known<T.ApprovalApprovedEvent>
    >();
    expectTypeOf<Out<typeof W.ApprovalRejectedEvent>>().toEqualTypeOf<
      Known<T.ApprovalRejectedEvent>
    >();
    expectTypeOf<Out<typeof W.ApprovalExpiredEvent>>().toEqualTypeOf<
      Known<T.ApprovalExpiredEvent>
    >();
    expectTypeOf<Out<typeof W.MessageReceivedEvent>>().toEqualTypeOf<
      Known<T.MessageReceivedEvent>
    >();
    expectTypeOf<Out<typeof W.MessageBouncedEvent>>().toEqualTypeOf<Known<T.MessageBouncedEvent>>();
    expectTypeOf<Out<typeof W.WebhookEventSchema>>().toEqualTypeOf<Known<T.KnownWebhookEvent>>();
  });
});

describe('thread and draft types equal their schemas', () => {
  it('params', () => {
    expectTypeOf<Equal<In<typeof Th.ListThreadsQuery>, T.ListThreadsQuery>>().toEqualTypeOf<true>();
    expectTypeOf<
      Equal<In<typeof Th.ListAccountThreadsQuery>, T.ListAccountThreadsQuery>
    >().toEqualTypeOf<true>();
    expectTypeOf<In<typeof Th.UpdateThreadParams>>().toEqualTypeOf<T.UpdateThreadParams>();
    expectTypeOf<In<typeof Th.AddLabelParams>>().toEqualTypeOf<T.AddLabelParams>();
    expectTypeOf<
      Equal<In<typeof D.CreateDraftParams>, T.CreateDraftParams>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Equal<In<typeof D.UpdateDraftParams>, T.UpdateDraftParams>
    >().toEqualTypeOf<true>();
    expectTypeOf<In<typeof D.ListDraftsQuery>>().toEqualTypeOf<T.ListDraftsQuery>();
    expectTypeOf<In<typeof D.SendExistingDraftParams>>().toEqualTypeOf<T.SendExistingDraftParams>();
  });

  it('results', () => {
    expectTypeOf<Out<typeof Th.Thread>>().toEqualTypeOf<Known<T.Thread>>();
    expectTypeOf<Out<typeof Th.ThreadWithMessages>>().toEqualTypeOf<Known<T.ThreadWithMessages>>();
    expectTypeOf<Out<typeof Th.ThreadList>>().toEqualTypeOf<Known<T.ThreadList>>();
    expectTypeOf<Out<typeof Th.DeletedThread>>().toEqualTypeOf<Known<T.DeletedThread>>();
    expectTypeOf<Out<typeof D.Draft>>().toEqualTypeOf<Known<T.Draft>>();
    expectTypeOf<Out<typeof D.DraftList>>().toEqualTypeOf<Known<T.DraftList>>();
    expectTypeOf<Out<typeof D.DeletedDraft>>().toEqualTypeOf<Known<T.DeletedDraft>>();
  });
});
