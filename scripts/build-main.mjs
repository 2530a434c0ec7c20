// Bundles the Electron main process and the preload into dist/main/ (CommonJS, as Electron loads
// them), and copies the runtime icons next to them. The sandboxed preload can only require
// 'electron', so everything it imports must be inside its bundle.
// Usage: node scripts/build-main.mjs [--out-dir DIR]
import { cp, mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFlag = process.argv.indexOf('--out-dir');
const outDir = outFlag > 0 ? resolve(process.argv[outFlag + 1]) : join(root, 'dist/main');

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Electron 41 ships Node 24; Node 20 here only type-checks and tests.
  target: 'node22',
  // electron is provided by the runtime; ws's optional native speed-ups are not shipped.
  external: ['electron', 'bufferutil', 'utf-8-validate'],
  legalComments: 'none',
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['main/main.ts'], outfile: join(outDir, 'main.cjs') }),
  build({ ...common, entryPoints: ['main/preload.ts'], outfile: join(outDir, 'preload.cjs') }),
]);
await cp(join(root, 'build/assets'), join(outDir, 'assets'), { recursive: true });
console.log(`built ${outDir}/main.cjs, preload.cjs and assets/`);
