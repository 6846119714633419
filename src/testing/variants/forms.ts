// The documented forms of approvals, inboxes and send results (daimon-docs.md §2, §4, §7.1). Routes
// build the contract's form and pass it through here; with no variants on, each is returned as is.
import type { OutboxEntry } from '../inbox-records.js';
import { messageForm, messagePage, rename, type Wire } from './message-forms.js';
import type { Picker } from './picker.js';

/** What one request is answered in. A route asks for each form as it builds its answer. */
export class Forms {
  readonly picker: Picker;

  constructor(picker: Picker) {
    this.picker = picker;
  }

  /** True when this answer goes out without the `{ result, next_steps }` envelope (§7.1 #3). */
  bare(what: 'inbox-create' | 'message-list'): boolean {
    return this.picker.is(what === 'inbox-create' ? 'bare-inbox-create' : 'bare-message-list');
  }

  /** An approval, its status perhaps by a synonym (`denied`, `granted`). */
  approval(view: object): Wire {
    const out: Wire = { ...view };
    if (out.status === 'rejected' && this.picker.is('approval-status-denied')) {
      out.status = 'denied';
    }
    if (out.status === 'approved' && this.picker.is('approval-status-granted')) {
      out.status = 'granted';
    }
    return out;
  }

  /**
   * The answer to `POST /v1/notify-operator`: the contract's, with acct-notify's `agent_script`
   * beside it, or (for the reference-form request, when named) `agent_script` alone.
   */
  notifyResult(created: Wire, form: 'typed' | 'reference', operatorMessage: string): Wire {
    const script = `Tell your operator: "${operatorMessage}" They can review and decide here: ${String(created.magic_link)}`;
    if (form === 'reference' && this.picker.is('notify-agent-script-only')) {
      return { agent_script: script };
    }
    const out = this.approval(created);
    if (this.picker.is('notify-agent-script')) out.agent_script = script;
    return out;
  }

  /** An inbox as get and list show it; a paid tier perhaps by its plan name. */
  inbox(view: object): Wire {
    const out: Wire = { ...view };
    if (out.tier === 'paid' && this.picker.is('inbox-tier-plan')) out.tier = 'developer';
    return out;
  }

  /** The answer to PATCH: the inbox, or inb-update's five fields. */
  updatedInbox(view: object, updatedAt: string): Wire {
    const out = this.inbox(view);
    if (!this.picker.is('inbox-update-fields')) return out;
    const { id, address, display_name, status } = out;
    return { id, address, display_name, status, updated_at: updatedAt };
  }

  /** The bootstrap's answer (inbox and keys) under the names of inb-create, ten-build or auth. */
  createdInbox(view: object): Wire {
    const out = this.inbox(view);
    const names = this.picker.pick(['inbox-create-ten-build', 'inbox-create-auth']);
    if (names === 'inbox-create-ten-build') {
      const address = String(out.address);
      out.username = address.slice(0, address.lastIndexOf('@'));
      rename(out, 'address', 'email');
      rename(out, 'api_key', 'inbox_api_key');
    } else if (names === 'inbox-create-auth') {
      rename(out, 'id', 'inbox_id');
      rename(out, 'address', 'email_address');
      rename(out, 'api_key', 'inbox_api_key');
    }
    return out;
  }

  /** What send, reply and forward answer (§7.1 #8; msg-forward's `recipients`). */
  sendResult(entry: OutboxEntry): Wire {
    const { message_id, thread_id, status } = entry;
    if (entry.kind === 'forward') {
      const form = this.picker.pick(['forward-recipients', 'forward-recipients-only']);
      const recipients = { to: entry.to, cc: entry.cc, bcc: entry.bcc };
      if (form === 'forward-recipients-only') return { recipients, status };
      if (form === 'forward-recipients') return { message_id, thread_id, recipients, status };
    }
    const names = this.picker.pick(['send-result-id', 'send-result-camel']);
    if (names === 'send-result-id') return { id: message_id, thread_id, status };
    if (names === 'send-result-camel') return { messageId: message_id, thread_id, status };
    return { message_id, thread_id, status };
  }

  /** A message (msg-get). */
  message(view: object): Wire {
    return messageForm(view, this.picker);
  }

  /** A page of messages (msg-list). */
  messagePage(page: { messages: readonly object[]; total: number; has_more: boolean }): unknown {
    return messagePage(page, this.picker);
  }
}
