/**
 * `npm run bench`: runs every bench module, writes bench/results.json and prints a table.
 * Not part of `npm test`: the figures depend on the machine, so they are reported, not asserted.
 *
 *   npm run bench               all modules
 *   npm run bench -- relay      only modules whose name contains "relay"
 *
 * A module is a file in bench/ listed below that exports `run(): Promise<BenchRow[]>`. A module
 * that does not exist yet is skipped; one that throws is reported as failed and the run exits 1
 * after the others have run.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchRow } from './bench-row.ts';

const MODULES = ['relay.ts', 'review-log.ts', 'renderer.ts'];

const benchDir = dirname(fileURLToPath(import.meta.url));

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) >= 100 ? 1 : 3);
}

export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['name', 'value', 'unit', 'baseline', 'ratio', 'note'];
  const cells = rows.map((r) => [
    r.name,
    formatNumber(r.value),
    r.unit,
    formatNumber(r.baseline),
    formatNumber(r.ratio),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((cell, i) =>
        i === 1 || i === 3 || i === 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const selected = MODULES.filter(
    (file) => filters.length === 0 || filters.some((f) => file.includes(f)),
  );
  const rows: BenchRow[] = [];
  const failed: string[] = [];
  for (const file of selected) {
    const path = join(benchDir, file);
    if (!existsSync(path)) {
      console.error(`bench: ${file} not present, skipped`);
      continue;
    }
    const started = Date.now();
    console.error(`bench: ${file} ...`);
    try {
      const mod = (await import(pathToFileURL(path).href)) as BenchModule;
      const got = await mod.run();
      rows.push(...got);
      console.error(`bench: ${file} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      failed.push(file);
      console.error(`bench: ${file} failed:`, error);
    }
  }
  const out = join(benchDir, 'results.json');
  await writeFile(out, JSON.stringify(rows, null, 2) + '\n');
  console.log(formatTable(rows));
  console.log(`\nwrote ${out}`);
  if (failed.length > 0) {
    console.error(`bench: failed modules: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
