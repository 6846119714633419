import { DaimonClient } from '../../src/client.js';
import type { ClientOptions } from '../../src/core/options.js';
import type { ScriptedServer } from './loopback-server.js';

/** A distinctive key: any test can search output for it. */
export const SECRET_KEY = 'dm_live_SECRET_abc123';

/** A pending approval as `GET /v1/approvals/{id}` returns it. */
export const pendingApproval = {
  approval_id: 'apr_test1',
  status: 'pending',
  action_type: 'send_email',
  action_context: { to: 'ceo@company.com', subject: 'Q1', preview: 'Attached' },
  operator_message: 'Send the Q1 report?',
  magic_link: 'https://daimon.email/approve/tok_1',
  created_at: '2026-03-16T16:00:00Z',
  expires_at: '2026-03-16T17:00:00Z',
};

/** What `POST /v1/notify-operator` returns. */
export const createdApproval = {
  approval_id: 'apr_test1',
  magic_link: 'https://daimon.email/approve/tok_1',
  expires_at: '2026-03-16T17:00:00Z',
  status: 'pending',
};

/** Valid params for `client.approvals.create`. */
export const createParams = {
  action_type: 'send_email',
  action_context: { to: 'ceo@company.com', subject: 'Q1', preview: 'Attached' },
  operator_message: 'Send the Q1 report?',
} as const;

/** The success envelope. */
export function envelope(result: unknown, next_steps: string[] = []) {
  return { result, next_steps };
}

/** A client aimed at the scripted server, with the secret key and no log output. */
export function clientFor(server: ScriptedServer, options: ClientOptions = {}): DaimonClient {
  return new DaimonClient({
    apiKey: SECRET_KEY,
    baseURL: server.url,
    logLevel: 'off',
    ...options,
  });
}
