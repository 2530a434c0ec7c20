import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('icons', () => {
  it('every committed icon is what build/icon.svg renders to (deterministic, up to date)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['scripts/make-icons.mjs', '--check'],
      { cwd: repo },
    );
    expect(stdout).toContain('14 icons up to date');
  });
});
