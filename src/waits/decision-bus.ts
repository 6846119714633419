/**
 * How a webhook receiver tells waits that an approval changed: by id only, never with the
 * decision (the wait reads that from the API, so a forged or stale message decides nothing).
 * The in-memory bus serves one process; a shared bus (Redis, say) lets a receiver in one process
 * wake waits in others. `publish` may be async; a handler gets only the approval id.
 *
 * @example
 * ```ts
 * const bus = memoryDecisionBus();
 * const client = new DaimonClient({ decisionBus: bus });
 * app.post('/webhooks/daimon', webhookMiddleware({ secret, bus }));
 * ```
 */
export interface DecisionBus {
  /**
   * Tells every subscriber that this approval may have been decided.
   * @example
   * ```ts
   * const bus = memoryDecisionBus();
   * await bus.publish('apr_2gH8kLm9pQw1xYz3');
   * ```
   */
  publish(approvalId: string): void | Promise<void>;
  /**
   * Calls `handler` with each published approval id until the returned function is called.
   * @example
   * ```ts
   * const bus = memoryDecisionBus();
   * const unsubscribe = bus.subscribe((id) => console.log(`${id} changed`));
   * unsubscribe();
   * ```
   */
  subscribe(handler: (approvalId: string) => void): () => void;
}

/**
 * The in-process `DecisionBus`, each client's default (shared by its `withOptions()` copies).
 * A throwing handler does not keep the others from hearing.
 *
 * @example
 * ```ts
 * import { DaimonClient, memoryDecisionBus } from '@daimon/sdk';
 * const bus = memoryDecisionBus();
 * const a = new DaimonClient({ decisionBus: bus });
 * const b = new DaimonClient({ decisionBus: bus, apiKey: process.env.OTHER_DAIMON_KEY });
 * ```
 */
export function memoryDecisionBus(): DecisionBus {
  const handlers = new Set<(approvalId: string) => void>();
  return {
    publish(approvalId) {
      for (const handler of handlers) {
        try {
          handler(approvalId);
        } catch {
          // One subscriber's bug must not keep the decision from the rest.
        }
      }
    },
    subscribe(handler) {
      const own = (id: string) => handler(id);
      handlers.add(own);
      return () => void handlers.delete(own);
    },
  };
}

/** Whether `value` has a bus's two methods. */
export function isDecisionBus(value: unknown): value is DecisionBus {
  const b = value as Partial<Record<keyof DecisionBus, unknown>> | null;
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof b.publish === 'function' &&
    typeof b.subscribe === 'function'
  );
}
