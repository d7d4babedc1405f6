import { useId } from "react";

export interface ChartMonth {
  /** "June 2026" */
  label: string;
  /** "Jun" */
  short: string;
  /** The bar's figure in minor units (bars below zero are drawn as empty). */
  valueMinor: number;
  /** The figure as text: "$125.50". */
  valueText: string;
}

const width = 480;
const height = 200;
const plotTop = 12;
const plotBottom = 170;

/**
 * A bar per month, drawn on the server as SVG: it reads without JavaScript, and its title and
 * description give screen readers what it shows (the table beside it has every figure).
 */
export function MonthChart({ title, months }: { title: string; months: readonly ChartMonth[] }) {
  const id = useId();
  const max = Math.max(1, ...months.map((month) => month.valueMinor));
  const slot = width / months.length;
  const barWidth = slot * 0.6;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      className="h-auto w-full max-w-xl text-brand-600"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{months.map((month) => `${month.label}: ${month.valueText}`).join("; ")}</desc>
      <line x1={0} x2={width} y1={plotBottom} y2={plotBottom} stroke="#94a3b8" strokeWidth={1} />
      {months.map((month, index) => {
        const barHeight = (Math.max(0, month.valueMinor) / max) * (plotBottom - plotTop);
        const x = index * slot + (slot - barWidth) / 2;
        return (
          <g key={month.label}>
            <rect x={x} y={plotBottom - barHeight} width={barWidth} height={barHeight} fill="currentColor" rx={2}>
              <title>{`${month.label}: ${month.valueText}`}</title>
            </rect>
            <text x={x + barWidth / 2} y={height - 12} textAnchor="middle" fontSize={12} fill="#475569">
              {month.short}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A chart with the table of its figures beside it (below it on narrow screens). */
export function ChartWithTable({
  chartTitle,
  months,
  caption,
  columns,
  rows,
}: {
  chartTitle: string;
  months: readonly ChartMonth[];
  caption: string;
  columns: readonly string[];
  rows: readonly { label: string; cells: readonly string[] }[];
}) {
  return (
    <div className="flex flex-col gap-6 lg:flex-row lg:items-start">
      <div className="lg:w-1/2">
        <MonthChart title={chartTitle} months={months} />
      </div>
      <table className="w-full text-sm lg:w-1/2">
        <caption className="mb-2 text-left font-medium text-slate-800">{caption}</caption>
        <thead>
          <tr className="text-left text-slate-600">
            <th scope="col" className="py-1 pr-3 font-medium">
              Month
            </th>
            {columns.map((column) => (
              <th key={column} scope="col" className="py-1 pr-3 text-right font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label} className="border-t border-slate-200">
              <th scope="row" className="py-1 pr-3 text-left font-normal text-slate-700">
                {row.label}
              </th>
              {row.cells.map((cell, index) => (
                <td key={index} className="py-1 pr-3 text-right tabular-nums text-slate-800">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
