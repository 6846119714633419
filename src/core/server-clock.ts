/**
 * The server's clock as its `Date` headers tell it, relative to ours: approvals expire by the
 * server's clock, and a client five minutes ahead must not end a wait five minutes early.
 * The header has whole seconds and arrives after the server wrote it, so the offset read is at
 * most the true one, by up to a second and a trip; the first read of each header value (the
 * earliest local time for it) is kept, the best bound. Parsed only when the header changes.
 */
export class ServerClock {
  #last: string | undefined;
  #offset = 0;

  /** Server time minus local time, in ms (0 before any header). */
  get offset(): number {
    return this.#offset;
  }

  note(date: string | undefined, local: { now(): number }): void {
    if (date === undefined || date === this.#last) return;
    const server = Date.parse(date);
    if (Number.isNaN(server)) return;
    this.#last = date;
    this.#offset = server - local.now();
  }
}
