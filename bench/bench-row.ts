/**
 * One figure of `npm run bench`. Every bench module exports `async function run(): Promise<BenchRow[]>`
 * and bench/run.ts collects them into bench/results.json.
 */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The same figure for a baseline measured in the same run (e.g. a no-op node:http server). */
  baseline: number;
  /** value / baseline. */
  ratio: number;
  /** What the target is and whether it was met; what bounds the figure when it was not. */
  note?: string;
}

export interface BenchModule {
  run(): Promise<BenchRow[]>;
}

/** Builds a row with ratio = value / baseline, rounded for reading. */
export function benchRow(
  name: string,
  value: number,
  unit: string,
  baseline: number,
  note?: string,
): BenchRow {
  const ratio = baseline === 0 ? 0 : value / baseline;
  const row: BenchRow = {
    name,
    value: round(value),
    unit,
    baseline: round(baseline),
    ratio: round(ratio, 3),
  };
  if (note) row.note = note;
  return row;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** "target ≥ 0.5: met" / "target ≥ 0.5: MISSED (…)" */
export function targetNote(met: boolean, target: string, whenMissed = ''): string {
  return met
    ? `target ${target}: met`
    : `target ${target}: MISSED${whenMissed ? ` (${whenMissed})` : ''}`;
}
