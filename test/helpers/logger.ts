import type { Logger } from '../../src/core/options.js';

/** A logger that keeps every line, with its level and extra arguments. */
export function capturingLogger() {
  const lines: Array<{ level: string; message: string; rest: unknown[] }> = [];
  const at =
    (level: string) =>
    (message: string, ...rest: unknown[]) => {
      lines.push({ level, message, rest });
    };
  const logger: Logger = {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
  };
  return { logger, lines };
}
