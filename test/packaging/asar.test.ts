/**
 * Builds the app the way `npm run dist` does, but with electron-builder's `dir` target and a
 * stand-in Electron (its real binary cannot be downloaded here), then checks what app.asar holds:
 * only dist/** and package.json — no sources, tests, configs, node_modules or native modules.
 *
 * It works on a copy of the work tree (tracked and untracked files, node_modules linked), so it
 * never rewrites the dist/ other tests or a developer may be using.
 */
import { execFile } from 'node:child_process';
import {
  chmod,
  cp,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { listPackage, extractFile } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = (name: string) => join(repo, 'node_modules/.bin', name);

/** What electron-builder needs of an Electron distribution for a Linux `dir` build. */
async function makeStandInElectron(dir: string): Promise<void> {
  await mkdir(join(dir, 'resources'), { recursive: true });
  await mkdir(join(dir, 'locales'), { recursive: true });
  // electronLanguages keeps en-US and de: give it those plus one it must remove.
  for (const locale of ['en-US', 'de', 'fr'])
    await writeFile(join(dir, 'locales', `${locale}.pak`), 'stand-in');
  await writeFile(join(dir, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n');
  await chmod(join(dir, 'electron'), 0o755);
  await writeFile(join(dir, 'LICENSE'), 'stand-in');
}

/** Copies the work tree as git sees it (no ignored files), with node_modules linked, not copied. */
async function copyWorkTree(to: string): Promise<void> {
  const { stdout } = await run(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: repo,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const files = stdout.split('\0').filter(Boolean);
  for (const file of files) {
    const exists = await stat(join(repo, file)).catch(() => null);
    if (!exists?.isFile()) continue; // deleted in the work tree but still in the index
    await mkdir(dirname(join(to, file)), { recursive: true });
    await cp(join(repo, file), join(to, file));
  }
  await symlink(join(repo, 'node_modules'), join(to, 'node_modules'), 'dir');
}

describe('packaging: electron-builder dir target', () => {
  let work: string;
  let project: string;
  let appOutDir: string;
  let asarPath: string;
  let entries: string[];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'reviewtray-pack-'));
    project = join(work, 'project');
    const electronDist = join(work, 'electron-dist');
    await copyWorkTree(project);
    await makeStandInElectron(electronDist);
    const env = {
      ...process.env,
      CI: 'true',
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      NODE_ENV: 'production',
    };
    await run(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: project, env });
    await run(process.execPath, ['scripts/build-main.mjs'], { cwd: project, env });
    await run(
      bin('electron-builder'),
      [
        '--linux',
        'dir',
        '--publish',
        'never',
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${join(work, 'release')}`,
      ],
      { cwd: project, env, maxBuffer: 16 * 1024 * 1024 },
    );
    appOutDir = join(work, 'release/linux-unpacked');
    asarPath = join(appOutDir, 'resources/app.asar');
    entries = listPackage(asarPath, { isPack: false }).map((e) => e.replace(/\\/g, '/'));
  }, 170_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('app.asar holds only dist/** and package.json', () => {
    const outside = entries.filter(
      (e) => e !== '/package.json' && e !== '/dist' && !e.startsWith('/dist/'),
    );
    expect(outside).toEqual([]);
    expect(entries).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/dist/main/main.cjs',
        '/dist/main/preload.cjs',
        '/dist/renderer/index.html',
      ]),
    );
    expect(entries.filter((e) => e.startsWith('/dist/main/assets/tray-'))).toHaveLength(12);
  });

  it('no sources, tests, source maps, node_modules or native modules', () => {
    expect(entries.filter((e) => /\.(ts|tsx|mts|map)$/.test(e))).toEqual([]);
    expect(
      entries.filter((e) => /node_modules|better-sqlite3|\.node$|\/test\/|\/relay\//.test(e)),
    ).toEqual([]);
    // A native module would have to be unpacked next to the archive.
    return expect(stat(join(appOutDir, 'resources/app.asar.unpacked'))).rejects.toThrow();
  });

  it('the packaged package.json points at the bundled main and carries no dependencies', () => {
    const pkg = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(pkg.main).toBe('dist/main/main.cjs');
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.devDependencies).toBeUndefined();
  });

  it('the bundles need nothing the archive lacks: the sandboxed preload only requires electron', () => {
    const requires = (file: string) =>
      [
        ...extractFile(asarPath, file)
          .toString('utf8')
          .matchAll(/require\("([^"]+)"\)/g),
      ].map((m) => m[1]!);
    expect(new Set(requires('dist/main/preload.cjs'))).toEqual(new Set(['electron']));
    const builtins = new Set([
      'buffer',
      'crypto',
      'events',
      'http',
      'https',
      'net',
      'querystring',
      'stream',
      'tls',
      'url',
      'util',
      'zlib',
      'os',
      'path',
      'fs',
    ]);
    const mainRequires = requires('dist/main/main.cjs').filter(
      (m) => !m.startsWith('node:') && !builtins.has(m) && m !== 'electron',
    );
    // ws loads these optional speed-ups inside try/catch; they are deliberately not shipped.
    expect(new Set(mainRequires)).toEqual(new Set(['bufferutil', 'utf-8-validate']));
  });

  it('the Linux build is named and trimmed as configured', async () => {
    expect((await stat(join(appOutDir, 'reviewtray'))).isFile()).toBe(true);
    await expect(stat(join(appOutDir, 'locales/fr.pak'))).rejects.toThrow();
    expect((await stat(join(appOutDir, 'locales/de.pak'))).isFile()).toBe(true);
    const html = await readFile(join(project, 'dist/renderer/index.html'), 'utf8');
    expect(html).toContain('Content-Security-Policy');
  });
});
