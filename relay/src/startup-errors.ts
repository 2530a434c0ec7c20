/**
 * Turns the two ways a well-formed config can still fail at start (the data dir, the listen
 * address) into one-line SettingErrors naming the variable, instead of a bare EEXIST or ENOTFOUND.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SettingError, variableFor } from './config.ts';
import { DATABASE_FILE } from './store/sqlite-database.ts';
import { openSqliteStore } from './store/sqlite-store.ts';
import type { SqliteStore } from './store/sqlite-store.ts';

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Opens the store in RELAY_DATA_DIR, or throws "RELAY_DATA_DIR: cannot create or open …". */
export function openStoreInDataDir(dataDir: string, now?: () => number): SqliteStore {
  try {
    return openSqliteStore(dataDir, now);
  } catch (err) {
    throw new SettingError(
      variableFor('dataDir'),
      `cannot create or open ${dataDir}: ${reason(err)}`,
      err,
    );
  }
}

/**
 * Opens the store of an existing relay (the shop and token commands), or throws "RELAY_DATA_DIR:
 * no relay data in …": a wrong or unset RELAY_DATA_DIR must not quietly become a new, empty relay
 * whose shops and tokens the running one never sees.
 */
export function openExistingStoreInDataDir(dataDir: string): SqliteStore {
  if (!fs.existsSync(path.join(dataDir, DATABASE_FILE))) {
    throw new SettingError(
      variableFor('dataDir'),
      `no relay data in ${dataDir}; start the relay once (\`npm run relay\`) or set RELAY_DATA_DIR to its data dir`,
    );
  }
  try {
    return openSqliteStore(dataDir, undefined, { mustExist: true });
  } catch (err) {
    throw new SettingError(
      variableFor('dataDir'),
      `cannot open ${path.join(dataDir, DATABASE_FILE)}: ${reason(err)}`,
      err,
    );
  }
}

/** The SettingError for a failed listen(), or the error itself when it is not about the config. */
export function listenError(err: unknown, host: string, port: number): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return err;
  if (code === 'EADDRINUSE') {
    return new SettingError(variableFor('port'), `port ${port} is already in use on ${host}`, err);
  }
  if (code === 'EACCES') {
    return new SettingError(
      variableFor('port'),
      `not allowed to listen on port ${port} on ${host} (EACCES; ports below 1024 need privileges)`,
      err,
    );
  }
  return new SettingError(variableFor('host'), `cannot listen on ${host}: ${code}`, err);
}
