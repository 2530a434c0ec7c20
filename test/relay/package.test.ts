/**
 * The relay as its own package: `npm run build -w relay` produces relay/dist, the
 * `reviewtray-relay` bin runs with plain node (no tsx), and everything dist imports is a Node
 * built-in or one of relay/package.json's own dependencies (none of the desktop app's).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { builtinModules } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, spawnRelay } from './relay-process.ts';

const run = promisify(execFile);
const RELAY_DIR = path.join(ROOT, 'relay');
const pkg = JSON.parse(await fs.readFile(path.join(RELAY_DIR, 'package.json'), 'utf8')) as {
  name: string;
  bin: Record<string, string>;
  files: string[];
  dependencies: Record<string, string>;
};

let dataDir: string;

beforeAll(async () => {
  await run(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: RELAY_DIR,
    },
  );
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'reviewtray-relay-pkg-'));
}, 60_000);
afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function jsFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('reviewtray-relay package', () => {
  it('declares the reviewtray-relay bin, built to dist with a node shebang', async () => {
    expect(pkg.name).toBe('reviewtray-relay');
    const bin = pkg.bin['reviewtray-relay']!;
    expect(bin).toBe('dist/cli.js');
    const text = await fs.readFile(path.join(RELAY_DIR, bin), 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(pkg.files).toEqual(['dist']);
  });

  it('imports only Node built-ins and its own dependencies', async () => {
    const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules]);
    const bare = new Set<string>();
    for (const file of await jsFiles(path.join(RELAY_DIR, 'dist'))) {
      const source = await fs.readFile(file, 'utf8');
      for (const [, spec] of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        if (spec!.startsWith('.')) {
          // Relative imports must point at emitted .js files (TypeScript rewrote the .ts ones).
          expect(spec, file).toMatch(/\.js$/);
          continue;
        }
        bare.add(spec!.replace(/^node:/, '').split('/')[0]!);
      }
    }
    expect([...bare].filter((name) => !allowed.has(name))).toEqual([]);
    expect(bare.has('electron')).toBe(false);
  });

  it('runs with plain node: prints its usage, and serves', async () => {
    const help = await run(process.execPath, [path.join(RELAY_DIR, 'dist/cli.js'), '--help']);
    expect(help.stdout).toMatch(/reviewtray-relay shop add/);

    const proc = spawnRelay(
      [],
      {
        RELAY_HOST: '127.0.0.1',
        RELAY_PORT: '0',
        RELAY_DATA_DIR: dataDir,
        RELAY_WEBHOOK_SECRET: 'package-secret-0123456789',
      },
      [path.join(RELAY_DIR, 'dist/cli.js')],
    );
    try {
      const url = await proc.listening();
      const res = await fetch(`${url}/hooks/trustpilot/package-secret-0123456789`, {
        method: 'POST',
        body: JSON.stringify({
          events: [{ eventName: 'service-review-created', eventData: { id: 'p' } }],
        }),
      });
      expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
      expect(proc.stdout()).toMatch(/Device token \(dev_/);
      proc.kill('SIGTERM');
      expect((await proc.exited).code).toBe(0);
    } finally {
      proc.kill('SIGKILL');
    }
  });

  it('packs dist and package.json only', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: RELAY_DIR,
    });
    const [info] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
    const files = info!.files.map((f) => f.path);
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('package.json');
    expect(
      files.filter(
        (f) =>
          !f.startsWith('dist/') && f !== 'package.json' && !/^(README|RELAY|LICENSE)/i.test(f),
      ),
    ).toEqual([]);
  });
});
