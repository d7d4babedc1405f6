import { useId } from "react";

const width = 240;
const height = 64;
const plotTop = 4;
const plotBottom = 60;

/**
 * A small chart drawn on the server: this period's days as bars, the period before as a line
 * over them, so the two read at a glance. Its description gives screen readers both totals.
 */
export function TrendChart({
  title,
  currentDays,
  previousDays,
  summary,
}: {
  title: string;
  currentDays: readonly number[];
  previousDays: readonly number[];
  /** e.g. "12 in the last 30 days, 10 in the 30 before". */
  summary: string;
}) {
  const id = useId();
  const max = Math.max(1, ...currentDays, ...previousDays);
  const slot = width / currentDays.length;
  const y = (value: number) => plotBottom - (Math.max(0, value) / max) * (plotBottom - plotTop);
  const previousLine = previousDays.map((value, index) => `${(index * slot + slot / 2).toFixed(1)},${y(value).toFixed(1)}`).join(" ");
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="h-16 w-full text-brand-600">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{summary}</desc>
      <line x1={0} x2={width} y1={plotBottom} y2={plotBottom} stroke="#cbd5e1" strokeWidth={1} />
      {currentDays.map((value, index) => (
        <rect
          key={index}
          x={index * slot + slot * 0.15}
          y={y(value)}
          width={slot * 0.7}
          height={plotBottom - y(value)}
          fill="currentColor"
        />
      ))}
      <polyline points={previousLine} fill="none" stroke="#94a3b8" strokeWidth={1.5} strokeDasharray="3 2" />
    </svg>
  );
}
