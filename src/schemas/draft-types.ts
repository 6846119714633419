// The draft types users see, written by hand (hover shows each field's range and source page);
// `test/types/schemas.test-d.ts` keeps each equal to its schema in draft.ts. Short names are
// daimon-docs.md §0's.

/** Params of `client.inboxes.drafts.create` (dft-create). */
export interface CreateDraftParams {
  /** One address; required (dft-create). */
  to: string;
  cc?: string[] | undefined;
  bcc?: string[] | undefined;
  /** Required; may be empty. */
  subject: string;
  /** Plain text; required. Read back as `body_text`. */
  body: string;
  body_html?: string | undefined;
  /** ISO 8601 with an offset, or a Date: the draft sends itself then. */
  send_at?: string | Date | undefined;
  /** A Message-ID: the draft answers it. */
  in_reply_to?: string | undefined;
  /** `thr_…`: the draft joins this thread. */
  thread_id?: string | undefined;
  labels?: string[] | undefined;
  /** Idempotency key, 1–255 characters: a retried create returns the same draft (sec-idem). */
  client_id?: string | undefined;
}

/**
 * Params of `client.inboxes.drafts.update` (dft-update): each given field replaces the draft's;
 * at least one must be given.
 */
export interface UpdateDraftParams {
  to?: string | undefined;
  cc?: string[] | undefined;
  bcc?: string[] | undefined;
  subject?: string | undefined;
  body?: string | undefined;
  body_html?: string | undefined;
  /** `null` unschedules the draft. */
  send_at?: string | Date | null | undefined;
  labels?: string[] | undefined;
}

/** Filters and paging of `client.inboxes.drafts.list` (dft-list). */
export interface ListDraftsQuery {
  /** Page size, an integer 1–100. */
  limit?: number | undefined;
  /** Drafts to skip, an integer ≥ 0 (`for await` pages by it for you). */
  offset?: number | undefined;
  label?: string | undefined;
}

/** Params of `client.inboxes.drafts.send` (dft-send takes no body but the idempotency key). */
export interface SendExistingDraftParams {
  /** Idempotency key, 1–255 characters: a retried send never mails twice (sec-idem). */
  client_id?: string | undefined;
}

/** A draft (dft-get). The request's `body` comes back as `body_text`. */
export interface Draft {
  /** `dft_…`. */
  id: string;
  inbox_id?: string | undefined;
  /** A string on dft-create; a list is read too. */
  to?: string | string[] | null | undefined;
  /** `[]` when none. */
  cc: string[];
  /** `[]` when none. */
  bcc: string[];
  subject?: string | null | undefined;
  body_text?: string | null | undefined;
  body_html?: string | null | undefined;
  /** ISO 8601, or `null`: not scheduled. */
  send_at?: string | null | undefined;
  thread_id?: string | null | undefined;
  in_reply_to?: string | null | undefined;
  /** `[]` when none. */
  labels: string[];
  /** ISO 8601. */
  created_at?: string | undefined;
  /** ISO 8601. */
  updated_at?: string | undefined;
}

/** One page of `GET /v1/inboxes/{id}/drafts` (dft-list). */
export interface DraftList {
  drafts: Draft[];
  total?: number | undefined;
  has_more: boolean;
}

/** The result of `client.inboxes.drafts.delete` (dft-delete). */
export interface DeletedDraft {
  deleted: boolean;
  id?: string | undefined;
}
