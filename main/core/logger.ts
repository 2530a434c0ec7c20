/**
 * The core's logging seam: one structured line per event. The terminal client writes them to
 * stderr as JSON; the Electron shell can route them elsewhere. Never pass secrets in `fields`.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type Logger = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;

/** JSON lines on stderr, e.g. {"time":"…","level":"info","msg":"connected","latestSeq":3}. */
export const stderrJsonLogger: Logger = (level, msg, fields = {}) => {
  process.stderr.write(
    JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + '\n',
  );
};

export const silentLogger: Logger = () => {};
