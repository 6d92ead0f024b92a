import { escapeHtml } from '../report/html.ts'

/** One series over the last windows: a line with a point per window, flagged points red, an optional band and level. */
export interface TrendSeries {
  title: string
  labels: string[]
  values: (number | null)[]
  /** Windows where the rule fired (drifted, degraded): drawn as red points. */
  flags: boolean[]
  /** An interval per window (bootstrap), drawn as a whisker. */
  band?: ([number, number] | null)[]
  /** A horizontal level (the drift threshold, expected − margin). */
  level?: { value: number; label: string }
  /** p: values are p-values, drawn as −log10 p (smaller p higher up) and labelled as p. */
  scale?: 'p' | 'linear'
}

const W = 360
const H = 140
const PAD = { l: 44, r: 10, t: 22, b: 26 }

const n4 = (v: number) => (Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 0.001) ? v.toExponential(1) : Number(v.toPrecision(3)).toString())

/** A small, self-contained SVG line chart of a statistic over windows (no script, nothing fetched). */
export function trendChartSvg(series: TrendSeries): string {
  const p = series.scale === 'p'
  const to = (v: number | null) => (v === null || !p ? v : -Math.log10(Math.max(v, 1e-300)))
  const label = (v: number) => n4(p ? 10 ** -v : v)
  const s = {
    ...series,
    values: series.values.map(to),
    band: series.band?.map((b) => b && ([to(b[0])!, to(b[1])!] as [number, number])),
    level: series.level && { ...series.level, value: to(series.level.value)! },
  }
  const numbers = [...s.values, ...(s.band ?? []).flatMap((b) => b ?? []), ...(s.level ? [s.level.value] : [])].filter((v): v is number => v !== null && Number.isFinite(v))
  let lo = Math.min(...numbers, Infinity)
  let hi = Math.max(...numbers, -Infinity)
  if (!numbers.length) [lo, hi] = [0, 1]
  if (hi - lo < 1e-12) [lo, hi] = [lo - 0.5 * (Math.abs(lo) || 1), hi + 0.5 * (Math.abs(hi) || 1)]
  const count = Math.max(s.labels.length, 1)
  const x = (i: number) => PAD.l + (count === 1 ? (W - PAD.l - PAD.r) / 2 : (i * (W - PAD.l - PAD.r)) / (count - 1))
  const y = (v: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - (v - lo) / (hi - lo))
  const f = (v: number) => v.toFixed(1)
  const pts = s.values.map((v, i) => (v === null || !Number.isFinite(v) ? null : ([x(i), y(v)] as const)))
  const path = pts
    .map((p, i) => (p ? `${i === 0 || !pts[i - 1] ? 'M' : 'L'}${f(p[0])} ${f(p[1])}` : ''))
    .filter(Boolean)
    .join(' ')
  const whiskers = (s.band ?? [])
    .map((b, i) =>
      b && Number.isFinite(b[0]) && Number.isFinite(b[1])
        ? `<line class="band" x1="${f(x(i))}" x2="${f(x(i))}" y1="${f(y(b[0]))}" y2="${f(y(b[1]))}" stroke="#8c959f" stroke-width="3" stroke-opacity="0.6"/>`
        : '',
    )
    .join('')
  const level = s.level
    ? `<line class="level" x1="${PAD.l}" x2="${W - PAD.r}" y1="${f(y(s.level.value))}" y2="${f(y(s.level.value))}" stroke="#9a6700" stroke-dasharray="4 3"/><text x="${W - PAD.r}" y="${f(y(s.level.value) - 3)}" font-size="9" text-anchor="end" fill="#9a6700">${escapeHtml(s.level.label)}</text>`
    : ''
  const dots = pts
    .map((p, i) =>
      p
        ? `<circle class="point${s.flags[i] ? ' flagged' : ''}" cx="${f(p[0])}" cy="${f(p[1])}" r="3.5" fill="${s.flags[i] ? '#cf222e' : '#0969da'}"><title>${escapeHtml(s.labels[i])}: ${n4(series.values[i]!)}${s.flags[i] ? ' (flagged)' : ''}</title></circle>`
        : '',
    )
    .join('')
  const first = s.labels[0] ?? ''
  const last = s.labels.at(-1) ?? ''
  const axis = `<line x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}" stroke="#57606a"/><text x="${PAD.l - 4}" y="${f(y(hi) + 3)}" font-size="9" text-anchor="end">${label(hi)}</text><text x="${PAD.l - 4}" y="${f(y(lo) + 3)}" font-size="9" text-anchor="end">${label(lo)}</text><text x="${PAD.l}" y="${H - 8}" font-size="9">${escapeHtml(first.slice(0, 24))}</text><text x="${W - PAD.r}" y="${H - 8}" font-size="9" text-anchor="end">${escapeHtml(count > 1 ? last.slice(0, 24) : '')}</text>`
  const line = path ? `<path class="trend-line" d="${path}" fill="none" stroke="#0969da" stroke-width="1.5"/>` : ''
  return `<svg xmlns="http://www.w3.org/2000/svg" class="trend" role="img" aria-label="${escapeHtml(s.title)}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><text x="${PAD.l}" y="14" font-size="11" font-weight="600">${escapeHtml(s.title)}</text>${axis}${level}${whiskers}${line}${dots}</svg>`
}

/** The chart as an image for markdown (job summaries do not render inline SVG). */
export function svgImage(svg: string, alt: string): string {
  return `<img alt="${escapeHtml(alt)}" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`
}
