// Renders every icon the app needs from the one source image build/icon.svg:
//   build/icon.png                      1024 px app icon (electron-builder makes .icns/.ico from it)
//   build/assets/window-icon.png        256 px window icon (Linux taskbar)
//   build/assets/tray-<state>.png       16 px tray icons, with @2x and @3x for HiDPI
// Deterministic (same SVG in, same bytes out), so the PNGs are committed and only re-made when the
// SVG changes: `node scripts/make-icons.mjs`. `--check` (run by test/packaging/icons.test.ts) fails
// when a committed PNG is not what the SVG renders to.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Tray states: tile colour and an optional badge (colour of a dot in the top-right corner). */
export const TRAY_STATES = {
  connected: { tile: '#00b67a', badge: null },
  offline: { tile: '#8a8f98', badge: null },
  error: { tile: '#8a8f98', badge: '#e5484d' },
  unread: { tile: '#00b67a', badge: '#ff8a00' },
};

const SCALES = [
  ['', 16],
  ['@2x', 32],
  ['@3x', 48],
];

export function variantSvg(source, { tile, badge }) {
  let svg = source.replace(/(<rect id="tile"[^>]*fill=")[^"]*(")/, `$1${tile}$2`);
  if (badge) {
    svg = svg.replace(
      '</svg>',
      `  <circle cx="50" cy="14" r="12" fill="${badge}" stroke="#ffffff" stroke-width="4"/>\n</svg>`,
    );
  }
  return svg;
}

export function renderPng(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } })
    .render()
    .asPng();
}

/** Every output file as [path relative to the repo, PNG bytes]. */
export async function makeIcons() {
  const source = await readFile(join(root, 'build/icon.svg'), 'utf8');
  const files = [
    ['build/icon.png', renderPng(source, 1024)],
    ['build/assets/window-icon.png', renderPng(source, 256)],
  ];
  for (const [state, colours] of Object.entries(TRAY_STATES)) {
    const svg = variantSvg(source, colours);
    for (const [suffix, size] of SCALES) {
      files.push([`build/assets/tray-${state}${suffix}.png`, renderPng(svg, size)]);
    }
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = await makeIcons();
  if (process.argv.includes('--check')) {
    // Exit 1 when a committed PNG is missing or differs from what the SVG renders to.
    const stale = [];
    for (const [path, png] of files) {
      const current = await readFile(join(root, path)).catch(() => null);
      if (!current || !current.equals(png)) stale.push(path);
    }
    if (stale.length > 0) {
      console.error(`stale icons (run node scripts/make-icons.mjs): ${stale.join(', ')}`);
      process.exit(1);
    }
    console.log(`${files.length} icons up to date`);
    process.exit(0);
  }
  for (const [path, png] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), png);
    console.log(`${path} (${png.length} bytes)`);
  }
}
