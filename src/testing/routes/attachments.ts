import { FILES_PATH } from '../attachment-host.js';
import { MockHTTPError, ok } from '../responses.js';
import { type Route, type RouteContext, route } from '../router.js';
import { inboxFor } from './inboxes.js';

/** The attachment of the request's message (deleted messages keep theirs, msg-delete), or 404. */
function attachmentOf(ctx: RouteContext, threadId?: string) {
  const inbox = inboxFor(ctx);
  const message = ctx.store.inboxes.message(inbox.id, ctx.params.msg ?? '');
  if (threadId !== undefined && message.thread_id !== threadId) {
    throw new MockHTTPError(
      404,
      'MESSAGE_NOT_FOUND',
      `No message ${JSON.stringify(message.id)} in thread ${JSON.stringify(threadId)}`,
      { nextSteps: [`Read the message by GET /v1/inboxes/${inbox.id}/messages/${message.id}.`] },
    );
  }
  const found = message.attachments.find((a) => a.id === ctx.params.att);
  if (!found) {
    throw new MockHTTPError(
      404,
      'ATTACHMENT_NOT_FOUND',
      `No attachment ${JSON.stringify(ctx.params.att)} on message ${message.id}`,
      { nextSteps: ["The message's `attachments` list the ids."] },
    );
  }
  return found;
}

/** msg-att: `{ url, expires_at, filename, size }`, the URL presigned on the file host. */
function link(ctx: RouteContext, threadId?: string): Response {
  const attachment = attachmentOf(ctx, threadId);
  const { url, expires_at } = ctx.store.attachments.presign(attachment);
  return ok({ url, expires_at, filename: attachment.filename, size: attachment.size }, [
    'Download the url with a plain GET and no API key before expires_at.',
  ]);
}

/** msg-att (both documented paths), and the file host's presigned downloads. */
export const attachmentRoutes: Route[] = [
  route('GET', '/v1/inboxes/:id/messages/:msg/attachments/:att', (ctx) => link(ctx)),
  route('GET', '/v1/inboxes/:id/threads/:thread/messages/:msg/attachments/:att', (ctx) =>
    link(ctx, ctx.params.thread ?? ''),
  ),
  route('GET', `${FILES_PATH}:token/:filename`, (ctx) =>
    ctx.store.attachments.serve(ctx.request, ctx.url, ctx.params.token ?? ''),
  ),
];
