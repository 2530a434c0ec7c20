/**
 * npm 11 blocks dependency install scripts unless package.json's allowScripts approves them, and
 * Electron's postinstall (which downloads the runtime) is deliberately not approved: on machines
 * without internet access it would make `npm install` fail. `npm start` runs this first instead,
 * so the runtime is downloaded once, on the machine that actually starts the app.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

if (!existsSync(join(electronDir, 'path.txt'))) {
  console.error('Downloading the Electron runtime (once)…');
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(
      'Could not download Electron. The desktop app needs it; the relay, `npm run client` and `npm run demo` do not.',
    );
    process.exit(result.status ?? 1);
  }
}
