import type { Logger, LogLevel } from './options.js';

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };
/** A logger that drops what is below `level`; `enabled(l)` lets callers skip building messages. */
export interface LevelLogger extends Logger {
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
}

export function levelLogger(level: LogLevel, sink: Logger): LevelLogger {
  const rank = RANK[level];
  const at =
    (l: Exclude<LogLevel, 'off'>) =>
    (message: string, ...rest: unknown[]) => {
      if (RANK[l] <= rank) sink[l](`[daimon] ${message}`, ...rest);
    };
  return {
    enabled: (l) => RANK[l] <= rank,
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
  };
}
