/**
 * Bundles a server entry with esbuild into node_modules/.cache/reviewtray-bench/ so the bench runs
 * it as plain JavaScript, the way the installed relay runs (`dist/cli.js`): under the tsx loader a
 * process carries a second V8 isolate for the transformer, which would inflate the RSS figures.
 * Packages stay external and resolve from the repo's node_modules (native better-sqlite3 included).
 */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function bundle(entry: string, name: string): Promise<string> {
  const outfile = join(repoRoot, 'node_modules', '.cache', 'reviewtray-bench', `${name}.mjs`);
  await build({
    entryPoints: [entry.startsWith('/') ? entry : join(repoRoot, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}
