import type { Route } from '../router.js';
import { accountRoutes } from './account.js';
import { approvalRoutes } from './approvals.js';
import { attachmentRoutes } from './attachments.js';
import { domainRoutes } from './domains.js';
import { draftRoutes } from './drafts.js';
import { inboxRoutes } from './inboxes.js';
import { messageRoutes } from './messages.js';
import { operatorPageRoutes } from './operator-page.js';
import { sendRoutes } from './send.js';
import { threadRoutes } from './threads.js';
import { upgradeRoutes } from './upgrade.js';
import { webhookRoutes } from './webhooks.js';

/**
 * Every route of the mock, in one list. A new resource adds its module here
 * (`routes/inboxes.ts`, `routes/webhooks.ts`); the router itself needs no change.
 */
export const routes: readonly Route[] = [
  ...approvalRoutes,
  ...operatorPageRoutes,
  ...inboxRoutes,
  ...messageRoutes,
  ...sendRoutes,
  ...webhookRoutes,
  ...accountRoutes,
  ...domainRoutes,
  ...attachmentRoutes,
  ...upgradeRoutes,
  ...threadRoutes,
  ...draftRoutes,
];
