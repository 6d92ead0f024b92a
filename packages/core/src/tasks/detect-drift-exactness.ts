import type { ColumnDrift } from '../drift/column.ts'
import type { Exactness, ProfileColumnDrift } from '../profile/index.ts'
import { escapeHtml, htmlTable } from '../report/html.ts'
import { fmt, table } from '../report/markdown.ts'
import type { Section } from '../report/model.ts'
import type { DriftRun } from './detect-drift-profile.ts'

const asProfile = (c: ColumnDrift): Partial<ProfileColumnDrift> => c as Partial<ProfileColumnDrift>

/** A compared column whose KS interval holds the threshold: neither drift nor no drift can be said on its bins. */
export function isInconclusive(c: ColumnDrift): boolean {
  return !c.drifted && !c.skipped && asProfile(c).ks?.verdict === 'inconclusive'
}

const interval = (lo: number, hi: number) => `[${fmt(lo)}, ${fmt(hi)}]`

/**
 * The warnings an inconclusive KS gives: one per column, and one for the dataset when counting those
 * columns as drifted would reach the drift share (the dataset verdict itself is then undecided).
 */
export function inconclusiveWarnings(compared: ColumnDrift[], o: { drifted: number; limit: number; datasetDrift: boolean }): string[] {
  const open = compared.filter(isInconclusive)
  // a column whose own warning already says so is not warned twice
  const out = open
    .filter((c) => !c.warning)
    .map((c) => {
      const ks = asProfile(c).ks!
      return `${c.name}: KS inconclusive on the profile's bins — D in ${interval(ks.dLow, ks.dHigh)}, p in ${interval(ks.pLow, ks.pHigh)}, threshold ${fmt(c.threshold)}; run mode: exact (or profile with more bins) to decide`
    })
  const high = (o.drifted + open.length) / Math.max(compared.length, 1)
  if (open.length && !o.datasetDrift && high >= o.limit)
    out.unshift(
      `the dataset verdict is inconclusive: ${o.drifted} of ${compared.length} columns drifted and ${open.length} more are inconclusive (${fmt((o.drifted / compared.length) * 100)}–${fmt(high * 100)}%, limit ${fmt(o.limit * 100)}%)`,
    )
  return out
}

function exactnessCell(c: ColumnDrift, run: DriftRun): Exactness | '—' {
  if (c.skipped) return '—'
  return run.mode === 'exact' ? 'exact' : (asProfile(c).exactness ?? 'approximate')
}

/** The per-column fields of the JSON report that say how exact each number is. */
export function exactnessOf(c: ColumnDrift, run: DriftRun): Record<string, unknown> {
  const p = asProfile(c)
  if (run.mode === 'exact') return { exactness: c.skipped ? null : 'exact', exactnessOf: null, ks: null, wasserstein: null }
  return { exactness: p.exactness ?? null, exactnessOf: p.exactnessOf ?? null, ks: p.ks ?? null, wasserstein: p.wasserstein ?? null }
}

function rows(run: DriftRun, columns: ColumnDrift[]): unknown[][] {
  return columns.map((c) => {
    const p = asProfile(c)
    const ks = p.ks ? `D ${interval(p.ks.dLow, p.ks.dHigh)}, p ${interval(p.ks.pLow, p.ks.pHigh)}: ${p.ks.verdict}` : ''
    const w = p.wasserstein ? interval(p.wasserstein.low, p.wasserstein.high) : ''
    const approx = Object.entries(p.exactnessOf ?? {})
      .filter(([, e]) => e === 'approximate')
      .map(([k]) => k)
      .join(', ')
    return [c.name, c.method ?? '—', exactnessCell(c, run), ks, w, run.mode === 'exact' ? '' : approx]
  })
}

const HEADER = ['Column', 'Method', 'Verdict number', 'KS interval', 'Wasserstein interval', 'Approximate (never gating)']

const LEGEND =
  'exact: equal to a run over every row on the same bins (moments to 1e-12 relative); bounded: an interval that provably holds the exact value, ' +
  'and a verdict only when the threshold lies outside it (else inconclusive: a warning); approximate: an estimate, reported and never gating by default.'

/** The section that says which mode ran and why, and which kind of number each column's verdict rests on. */
export function modeSection(run: DriftRun, columns: ColumnDrift[]): Section {
  const head = `Mode: **${run.mode}** — ${run.why}.`
  if (run.mode === 'exact') return { title: 'Mode and exactness', markdown: `${head} Every number is exact: computed from every row of both sides.`, folded: true }
  return { title: 'Mode and exactness', markdown: `${head}\n\n${LEGEND}\n\n${table(HEADER, rows(run, columns))}`, folded: false }
}

/** The same for the HTML report. */
export function modeHtml(run: DriftRun, columns: ColumnDrift[]): string {
  const head = `<p>Mode: <strong>${escapeHtml(run.mode)}</strong> — ${escapeHtml(run.why)}.</p>`
  if (run.mode === 'exact') return `<section class="mode"><h2>Mode and exactness</h2>${head}<p>Every number is exact: computed from every row of both sides.</p></section>`
  return `<section class="mode"><h2>Mode and exactness</h2>${head}<p class="muted">${escapeHtml(LEGEND)}</p>${htmlTable(HEADER, rows(run, columns))}</section>`
}
