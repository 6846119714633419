import { z } from 'zod';

/** A required string that may not be empty. */
export const nonEmpty = z.string().min(1, 'must not be empty');

/** The idempotency key of a write (api-contract §5): 1–255 characters. */
export const clientId = z.string().min(1).max(255).optional();
