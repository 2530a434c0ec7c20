// Two small charts drawn as plain SVG. A chart library (recharts and friends) would add ~100 KB of
// d3/redux code for five bars and one line; hand-drawn SVG stays tiny, needs no inline <style>
// (strict CSP), and takes its colours from the theme's CSS variables, light and dark.
import type { PeriodStats, RatingDistribution } from './review-stats.ts';

const DIST_W = 420;
const DIST_ROW = 26;

export function DistributionChart({
  distribution,
  label,
  formatNumber,
}: {
  distribution: RatingDistribution;
  label: string;
  formatNumber(n: number): string;
}) {
  const max = Math.max(1, ...distribution.counts);
  const barX = 40;
  const barMax = DIST_W - barX - 70;
  return (
    <svg
      className="chart chart--distribution"
      viewBox={`0 0 ${DIST_W} ${DIST_ROW * 5}`}
      role="img"
      aria-label={label}
    >
      {[5, 4, 3, 2, 1].map((stars, row) => {
        const count = distribution.counts[stars - 1] ?? 0;
        const y = row * DIST_ROW;
        return (
          <g key={stars} className={`chart__row chart__row--${stars}`}>
            <text x={0} y={y + 17} className="chart__label">
              {stars}★
            </text>
            <rect
              x={barX}
              y={y + 4}
              width={barMax}
              height={DIST_ROW - 8}
              className="chart__track"
              rx={3}
            />
            <rect
              x={barX}
              y={y + 4}
              width={(count / max) * barMax}
              height={DIST_ROW - 8}
              className={`chart__bar chart__bar--${stars}`}
              rx={3}
            />
            <text x={barX + barMax + 8} y={y + 17} className="chart__value">
              {formatNumber(count)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

const TL_W = 720;
const TL_H = 220;
const PAD = { left: 44, right: 36, top: 12, bottom: 28 };

export function TimelineChart({
  periods,
  label,
  periodLabel,
  formatNumber,
}: {
  periods: readonly PeriodStats[];
  label: string;
  periodLabel(start: string): string;
  formatNumber(n: number): string;
}) {
  const plotW = TL_W - PAD.left - PAD.right;
  const plotH = TL_H - PAD.top - PAD.bottom;
  const maxCount = Math.max(1, ...periods.map((p) => p.count));
  const slot = plotW / Math.max(1, periods.length);
  const yCount = (n: number) => PAD.top + plotH - (n / maxCount) * plotH;
  const yStars = (avg: number) => PAD.top + plotH - ((avg - 1) / 4) * plotH;
  const xMid = (i: number) => PAD.left + slot * i + slot / 2;
  // The average line breaks at periods without a rated review instead of inventing a value.
  const path = periods
    .map((p, i) =>
      p.average == null ? null : `${xMid(i).toFixed(1)},${yStars(p.average).toFixed(1)}`,
    )
    .reduce<string[]>((parts, point, i) => {
      if (point == null) return parts;
      const joined = i > 0 && periods[i - 1]?.average != null;
      parts.push(`${joined ? 'L' : 'M'}${point}`);
      return parts;
    }, [])
    .join(' ');
  const labelIndexes = [...new Set([0, Math.floor((periods.length - 1) / 2), periods.length - 1])];
  return (
    <svg
      className="chart chart--timeline"
      viewBox={`0 0 ${TL_W} ${TL_H}`}
      role="img"
      aria-label={label}
    >
      <line
        x1={PAD.left}
        x2={PAD.left + plotW}
        y1={PAD.top + plotH}
        y2={PAD.top + plotH}
        className="chart__axis"
      />
      <text x={PAD.left - 6} y={PAD.top + 8} className="chart__tick chart__tick--end">
        {formatNumber(maxCount)}
      </text>
      <text x={PAD.left - 6} y={PAD.top + plotH} className="chart__tick chart__tick--end">
        0
      </text>
      <text x={PAD.left + plotW + 6} y={PAD.top + 8} className="chart__tick chart__tick--stars">
        5★
      </text>
      <text x={PAD.left + plotW + 6} y={PAD.top + plotH} className="chart__tick chart__tick--stars">
        1★
      </text>
      {periods.map((p, i) => (
        <rect
          key={p.start}
          x={PAD.left + slot * i + slot * 0.15}
          width={Math.max(1, slot * 0.7)}
          y={yCount(p.count)}
          height={PAD.top + plotH - yCount(p.count)}
          className="chart__bar chart__bar--count"
        />
      ))}
      {path !== '' && <path d={path} className="chart__line" fill="none" />}
      {periods.map((p, i) =>
        p.average == null ? null : (
          <circle
            key={p.start}
            cx={xMid(i)}
            cy={yStars(p.average)}
            r={periods.length > 60 ? 1.5 : 3}
            className="chart__dot"
          />
        ),
      )}
      {periods.length > 0 &&
        labelIndexes.map((i) => (
          <text key={i} x={xMid(i)} y={TL_H - 8} className="chart__tick chart__tick--middle">
            {periodLabel(periods[i]!.start)}
          </text>
        ))}
    </svg>
  );
}
