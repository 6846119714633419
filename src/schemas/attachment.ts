import { z } from 'zod';
import { nonEmpty } from './common.js';

// msg-att (daimon-docs §2.3): an attachment is read through a presigned URL, not as bytes.

/** Which path reads the attachment: the message's own, or (msg-att) through its thread. */
export const AttachmentParams = z.strictObject({
  thread_id: nonEmpty.optional(),
});

export const AttachmentLink = z.looseObject({
  url: z.string(),
  expires_at: z.string().optional(),
  filename: z.string().optional(),
  /** In bytes. */
  size: z.number().optional(),
});
