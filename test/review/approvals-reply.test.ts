// Review of issue #10: "A reply with no id (only agent_script) resolves with approval_id: undefined
// and agent_script set, typed as such". Real loopback server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UnexpectedResponseEvent } from '../../src/core/events.js';
import { clientFor, createParams, envelope } from '../helpers/fixtures.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('review #10: notify-operator’s documented agent_script reply, to the guide’s typed form', () => {
  it('acct-notify §4.1: `{ agent_script }` alone is a documented reply, not an unexpected one', async () => {
    const agent_script =
      'Tell your operator: "Send the Q1 report?" https://daimon.email/approve/tok';
    server.script({ status: 201, body: envelope({ agent_script }) });
    const client = clientFor(server);
    const events: UnexpectedResponseEvent[] = [];
    client.on('unexpectedResponse', (e) => events.push(e));
    const { data, unexpected } = await client.approvals.create(createParams).withResponse();
    expect(data.agent_script).toBe(agent_script);
    // Today: typed `CreatedApproval` (approval_id: string) while approval_id is undefined at run
    // time; the documented reply is flagged unexpected and warned about on every call. The
    // typed-form overload should return `CreatedApproval | OperatorNotice` like the reference form.
    expect(data.approval_id).toBeUndefined();
    expect(unexpected).toBe(false);
    expect(events).toEqual([]);
  });
});
