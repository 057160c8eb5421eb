/**
 * Result charts. Recharts 3 draws its charts only after mounting (their size
 * and series go through a store filled by effects), so a <BarChart> renders an
 * empty <div> on the server and in print previews taken before hydration
 * (recharts/recharts#5997). These charts are laid out here and drawn with
 * recharts' plain SVG shapes, which render the same on the server and in the
 * browser. The SVG scales with its viewBox to the width of the page, nothing
 * depends on hover, and a visually hidden table carries the same numbers for
 * screen readers (in a hidden div: a table does not shrink to 1 px itself).
 */
import { useId } from "react";
import { Layer, Polygon, Rectangle, Surface } from "recharts";
import { visuallyHidden } from "./game-log";

export interface ScaleBar {
  id: string;
  title: string;
  /** 0–100; null when the scale has no score. */
  percent: number | null;
  /** The interpretation band's label, e.g. «выше среднего». */
  band?: string;
}

/** Series colours, dark enough on white; the second series is also hatched so that it survives grey printing. */
export const SERIES_COLORS = ["#2450d3", "#c2410c", "#17803d", "#7c3aed"] as const;
const TRACK = "#e8ecf4";
const INK = "#1d2330";
const MUTED = "#5b6475";
const FONT = 14;
const LINE = 18;
const CHARS_PER_LINE = 44;

/** «72,5 %» */
export function formatPercent(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return "нет данных";
  return `${String(Math.round(clamp(p) * 10) / 10).replace(".", ",")}\u00a0%`;
}

const clamp = (p: number) => Math.min(100, Math.max(0, p));

/** Breaks a label into lines of about `max` characters at spaces (SVG text does not wrap by itself). */
export function wrapText(text: string, max = CHARS_PER_LINE): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}

const svgStyle = (width: number) => ({ width: "100%", height: "auto", maxWidth: width * 1.2, display: "block", fontFamily: "inherit" } as const);

/** Keeps only characters that are safe in an SVG id and in url(#…). */
const safeId = (id: string) => id.replace(/[^a-zA-Z0-9_-]/g, "");

function Hatch({ id, color }: { id: string; color: string }) {
  return (
    <pattern id={id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="6" height="6" fill="#fff" />
      <rect width="3.5" height="6" fill={color} />
    </pattern>
  );
}

/** A series' fill: solid for the first, hatched for the second, solid for the rest (each has its own colour). */
const seriesFill = (i: number, patternPrefix: string) => (i === 1 ? `url(#${patternPrefix}-${i})` : SERIES_COLORS[i % SERIES_COLORS.length]!);

/** One horizontal bar on a grey track with its value written after it. */
function Bar({
  y,
  width,
  height,
  percent,
  fill,
  labelWidth,
}: {
  y: number;
  width: number;
  height: number;
  percent: number | null;
  fill: string;
  labelWidth: number;
}) {
  const track = width - labelWidth;
  const w = percent === null ? 0 : (track * clamp(percent)) / 100;
  return (
    <Layer>
      <Rectangle x={0} y={y} width={track} height={height} radius={4} fill={TRACK} />
      {w > 0 ? (
        <Rectangle x={0} y={y} width={Math.max(w, 2)} height={height} radius={4} fill={fill} stroke={fill.startsWith("url") ? SERIES_COLORS[1] : undefined} />
      ) : null}
      <text
        x={percent === null ? 8 : track + 8}
        y={y + height / 2}
        dominantBaseline="central"
        fontSize={FONT}
        fontWeight={600}
        fill={percent === null ? MUTED : INK}
      >
        {formatPercent(percent)}
      </text>
    </Layer>
  );
}

function Axis({ y, width, labelWidth }: { y: number; width: number; labelWidth: number }) {
  const track = width - labelWidth;
  return (
    <Layer>
      {[0, 25, 50, 75, 100].map((v) => {
        const x = (track * v) / 100;
        return (
          <Layer key={v}>
            <line x1={x} x2={x} y1={y} y2={y + 5} stroke={MUTED} />
            <text x={x} y={y + 8 + FONT * 0.8} fontSize={FONT - 2} fill={MUTED} textAnchor={v === 0 ? "start" : v === 100 ? "end" : "middle"}>
              {v}
            </text>
          </Layer>
        );
      })}
      <line x1={0} x2={track} y1={y} y2={y} stroke={MUTED} />
    </Layer>
  );
}

/** Scale percents, 0–100, as horizontal bars: each scale's title (and band) above its bar. */
export function ScaleChart({ scales, caption = "Результаты по шкалам, в процентах" }: { scales: ScaleBar[]; caption?: string }) {
  const width = 400;
  const labelWidth = 80;
  const barHeight = 18;
  let y = 4;
  const rows = scales.map((s) => {
    const lines = wrapText(s.band ? `${s.title} — ${s.band}` : s.title);
    const row = { s, lines, textY: y, barY: y + lines.length * LINE + 2 };
    y = row.barY + barHeight + 14;
    return row;
  });
  const height = y + 26;
  return (
    <figure className="scale-chart" style={{ margin: "0 0 1rem", breakInside: "avoid" }}>
      <Surface width={width} height={height} viewBox={{ x: 0, y: 0, width, height }} style={svgStyle(width)} aria-hidden="true" focusable="false">
        {rows.map(({ s, lines, textY, barY }) => (
          <Layer key={s.id} className="scale-chart-row">
            <text x={0} y={textY} fontSize={FONT} fill={INK}>
              {lines.map((l, i) => (
                <tspan key={i} x={0} dy={i === 0 ? FONT : LINE}>
                  {l}
                </tspan>
              ))}
            </text>
            <Bar y={barY} width={width} height={barHeight} percent={s.percent} fill={SERIES_COLORS[0]} labelWidth={labelWidth} />
          </Layer>
        ))}
        <Axis y={y - 6} width={width} labelWidth={labelWidth} />
      </Surface>
      <div style={visuallyHidden}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Шкала</th>
              <th scope="col">Результат</th>
              {scales.some((s) => s.band) ? <th scope="col">Уровень</th> : null}
            </tr>
          </thead>
          <tbody>
            {scales.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.title}</th>
                <td>{formatPercent(s.percent)}</td>
                {scales.some((x) => x.band) ? <td>{s.band ?? ""}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/**
 * The six interest areas as a radar (a hexagon in the order of `labels`, which
 * should be R, I, A, S, E, C so that neighbours are related areas), or as bars.
 * Values are percents 0–100.
 */
export function ProfileChart({
  areas,
  labels,
  variant = "radar",
  caption = "Профиль интересов, в процентах",
}: {
  areas: Record<string, number | null | undefined>;
  labels: Record<string, string>;
  variant?: "radar" | "bars";
  caption?: string;
}) {
  const keys = Object.keys(labels);
  const rows = keys.map((k) => ({ id: k, title: labels[k]!, percent: areas[k] ?? null }));
  if (variant === "bars" || keys.length < 3) return <ScaleChart scales={rows} caption={caption} />;

  const width = 560;
  const height = 420;
  const cx = width / 2;
  const cy = height / 2;
  const radius = 120;
  const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / keys.length;
  const at = (i: number, r: number) => ({ x: cx + r * Math.cos(angle(i)), y: cy + r * Math.sin(angle(i)) });
  const ring = (p: number) => keys.map((_, i) => at(i, (radius * p) / 100));
  const data = rows.map((r, i) => at(i, (radius * clamp(r.percent ?? 0)) / 100));

  return (
    <figure className="profile-chart" style={{ margin: "0 0 1rem", breakInside: "avoid" }}>
      <Surface width={width} height={height} viewBox={{ x: 0, y: 0, width, height }} style={svgStyle(width)} aria-hidden="true" focusable="false">
        {[25, 50, 75, 100].map((p) => (
          <Polygon key={p} points={ring(p)} fill="none" stroke={p === 100 ? "#b8c0cf" : "#d9dee8"} />
        ))}
        {keys.map((k, i) => {
          const end = at(i, radius);
          return <line key={k} x1={cx} y1={cy} x2={end.x} y2={end.y} stroke="#d9dee8" />;
        })}
        {[50, 100].map((p) => (
          <text key={p} x={cx + 4} y={cy - (radius * p) / 100 + 12} fontSize={FONT - 3} fill={MUTED}>
            {p}
          </text>
        ))}
        <Polygon points={data} fill={SERIES_COLORS[0]} fillOpacity={0.25} stroke={SERIES_COLORS[0]} strokeWidth={2.5} />
        {data.map((p, i) => (rows[i]!.percent === null ? null : <circle key={keys[i]} cx={p.x} cy={p.y} r={4} fill={SERIES_COLORS[0]} />))}
        {rows.map((r, i) => {
          const p = at(i, radius + 16);
          const cos = Math.cos(angle(i));
          const sin = Math.sin(angle(i));
          const anchor = cos > 0.3 ? "start" : cos < -0.3 ? "end" : "middle";
          // Labels above the top vertex grow upwards, below the bottom one downwards.
          const top = sin < -0.5 ? p.y - LINE - 4 : sin > 0.5 ? p.y + 8 : p.y - LINE / 2;
          return (
            <text key={r.id} x={p.x} y={top} fontSize={FONT + 1} fill={INK} textAnchor={anchor}>
              <tspan x={p.x} dy={FONT}>
                {r.title}
              </tspan>
              <tspan x={p.x} dy={LINE} fontWeight={700}>
                {formatPercent(r.percent)}
              </tspan>
            </text>
          );
        })}
      </Surface>
      <div style={visuallyHidden}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Область интересов</th>
              <th scope="col">Результат</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.title}</th>
                <td>{formatPercent(r.percent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

export interface CompareSeries {
  /** «Попытка 1 (1 сентября 2025 г.)», «Маша», … */
  name: string;
  values: Record<string, number | null | undefined>;
}

/** Two (or a few) attempts, tests or children side by side: for each scale one bar per series. */
export function CompareChart({
  series,
  scales,
  caption = "Сравнение результатов, в процентах",
}: {
  series: CompareSeries[];
  scales: { id: string; title: string }[];
  caption?: string;
}) {
  const prefix = `cmp-${safeId(useId())}`;
  const width = 400;
  const labelWidth = 80;
  const barHeight = 14;
  let y = 4;
  const rows = scales.map((s) => {
    const lines = wrapText(s.title);
    const row = { s, lines, textY: y, barsY: y + lines.length * LINE + 2 };
    y = row.barsY + series.length * (barHeight + 4) + 12;
    return row;
  });
  const height = y + 26;
  const value = (ser: CompareSeries, id: string) => ser.values[id] ?? null;

  return (
    <figure className="compare-chart" style={{ margin: "0 0 1rem", breakInside: "avoid" }}>
      <ul aria-hidden="true" style={{ listStyle: "none", padding: 0, margin: "0 0 0.5rem", display: "flex", flexWrap: "wrap", gap: "0.25rem 1rem" }}>
        {series.map((ser, i) => (
          <li key={i} style={{ display: "flex", alignItems: "center", gap: "0.4rem", minWidth: 0, overflowWrap: "anywhere" }}>
            <svg width="18" height="12" viewBox="0 0 18 12" aria-hidden="true" focusable="false" style={{ flex: "none" }}>
              {i === 1 ? (
                <defs>
                  <Hatch id={`${prefix}-legend`} color={SERIES_COLORS[1]} />
                </defs>
              ) : null}
              <rect
                width="18"
                height="12"
                rx="3"
                fill={i === 1 ? `url(#${prefix}-legend)` : SERIES_COLORS[i % SERIES_COLORS.length]}
                stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
              />
            </svg>
            <span className="small">{ser.name}</span>
          </li>
        ))}
      </ul>
      <Surface width={width} height={height} viewBox={{ x: 0, y: 0, width, height }} style={svgStyle(width)} aria-hidden="true" focusable="false">
        <defs>
          <Hatch id={`${prefix}-1`} color={SERIES_COLORS[1]} />
        </defs>
        {rows.map(({ s, lines, textY, barsY }) => (
          <Layer key={s.id}>
            <text x={0} y={textY} fontSize={FONT} fill={INK}>
              {lines.map((l, i) => (
                <tspan key={i} x={0} dy={i === 0 ? FONT : LINE}>
                  {l}
                </tspan>
              ))}
            </text>
            {series.map((ser, i) => (
              <Bar
                key={i}
                y={barsY + i * (barHeight + 4)}
                width={width}
                height={barHeight}
                percent={value(ser, s.id)}
                fill={seriesFill(i, prefix)}
                labelWidth={labelWidth}
              />
            ))}
          </Layer>
        ))}
        <Axis y={y - 6} width={width} labelWidth={labelWidth} />
      </Surface>
      <div style={visuallyHidden}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Шкала</th>
              {series.map((ser, i) => (
                <th key={i} scope="col">
                  {ser.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {scales.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.title}</th>
                {series.map((ser, i) => (
                  <td key={i}>{formatPercent(value(ser, s.id))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
