import { ConfigurationError } from '../errors.ts'
import { fmt } from '../report/markdown.ts'
import { benjaminiHochberg, bonferroni } from '../stats/contingency.ts'
import type { Column, Table } from '../table/types.ts'
import type { ColumnDrift, MethodResult } from './column.ts'
import { categoricalStatistic, categoryShares, histogramOf, isDrifted, numericStatistic, numericWhy, pValueDrifts } from './column.ts'
import { decide, shareCheck } from './decision.ts'
import { columnKind, comparedAsNumbers, incomparableText } from './kind.ts'
import { checkColumnNames } from './names.ts'
import type { ColumnKind, DriftMethod } from './methods.ts'
import { defaultMethod, DRIFT_METHODS, METHODS } from './methods.ts'
import type { ColumnSummary } from '../table/summary.ts'
import { asNumbers, distinctOverBoth, numericCounts, profileColumn, valueCount } from './profile.ts'
import { poolRare, sparseWarning, sparsity } from './sparse.ts'

export interface DriftOptions {
  columns?: string[]
  exclude?: string[]
  kinds: Map<string, ColumnKind>
  /** Method for every column ('auto' by default) and per-column overrides. */
  method: DriftMethod | 'auto'
  methods: Map<string, DriftMethod>
  threshold?: number
  correction: 'none' | 'bonferroni' | 'fdr'
  missingDrift: boolean
  minSample: number
  /** Columns the user named (critical-columns, columns): a text column among them is compared as categories or said to be incomparable. */
  named?: Set<string>
}

function checkMethod(name: string, method: DriftMethod, kind: 'numeric' | 'categorical'): void {
  if (!METHODS[method].kinds.includes(kind))
    throw new ConfigurationError(`Method '${method}' cannot compare the ${kind} column '${name}'; use one of ${DRIFT_METHODS.filter((m) => METHODS[m].kinds.includes(kind)).join(', ')}.`)
}

/** A column declared numeric whose reference holds no number at all is a mistake in column-types, not drift. */
function checkDeclaredNumeric(ref: ColumnSummary): void {
  if (valueCount(ref) > 0 || !ref.nonNumeric) return
  throw new ConfigurationError(`Input 'column-types': column '${ref.name}' is declared numeric but none of its ${ref.nonNumeric} reference values is a number; mark it categorical or text.`)
}

/** The counts a column comparison starts from (a summary's or a profile column's). */
export type CountedColumn = Pick<ColumnSummary, 'name' | 'rows' | 'missing' | 'nonNumeric' | 'infinite'>

/** A column's comparison before any test: its missing and non-numeric shares checked, nothing else decided yet. */
export function emptyDrift(ref: CountedColumn, cur: CountedColumn, kind: ColumnKind, o: Pick<DriftOptions, 'missingDrift'>): ColumnDrift {
  const pair = (f: (p: CountedColumn) => number | undefined) => (f(ref) === undefined && f(cur) === undefined ? null : { reference: f(ref) ?? 0, current: f(cur) ?? 0 })
  const nonNumeric = pair((p) => p.nonNumeric)
  return {
    name: ref.name,
    kind,
    method: null,
    statistic: null,
    pValue: null,
    pValueCorrected: null,
    threshold: null,
    drifted: false,
    effectSize: null,
    effectSizeName: null,
    missingShare: shareCheck(ref.missing, ref.rows, cur.missing, cur.rows, o.missingDrift),
    nonNumeric,
    nonNumericShare: nonNumeric && shareCheck(nonNumeric.reference, ref.rows, nonNumeric.current, cur.rows, o.missingDrift),
    infinite: pair((p) => p.infinite),
    decidedBy: null,
    unseen: [],
    vanished: [],
    sampleSize: { reference: 0, current: 0 },
    why: '',
    histogram: { labels: [], reference: [], current: [] },
  }
}

export { columnKind } from './kind.ts'

/** Drift of one column from its two profiles. */
export function compareColumn(refProfile: ColumnSummary, curProfile: ColumnSummary, o: DriftOptions): ColumnDrift {
  const kind = o.kinds.get(refProfile.name) ?? columnKind(refProfile, curProfile)
  const [ref, cur] = kind === 'numeric' ? [asNumbers(refProfile), asNumbers(curProfile)] : [refProfile, curProfile]
  if (kind === 'numeric') checkDeclaredNumeric(ref)
  // whole numbers of ≤ 10 values with some words among them are compared as categories; the words are counted all the same
  const counted = kind === 'categorical' && !o.kinds.has(ref.name) && comparedAsNumbers(ref, cur) ? [asNumbers(ref), asNumbers(cur)] : [ref, cur]
  const base = { ...emptyDrift(counted[0], counted[1], kind, o), sampleSize: { reference: valueCount(ref), current: valueCount(cur) } }
  if (kind === 'text') {
    if (!o.named?.has(ref.name)) return { ...base, skipped: 'a text column (mostly unique values): not compared', why: 'Text columns are not compared.' }
    const reason = incomparableText(ref, cur)
    if (reason) return { ...base, skipped: reason, warning: reason, why: reason }
  }
  const { sampleSize } = base
  if (sampleSize.reference === 0 || sampleSize.current === 0)
    return { ...base, warning: `no values on the ${sampleSize.reference === 0 ? 'reference' : 'current'} side`, why: cellNotes(base) || 'Nothing to compare.' }
  const out = kind === 'numeric' ? compareNumbers(base, ref, cur, o) : compareCategories(base, ref, cur, o)
  const notes = cellNotes(out)
  if (notes) out.why = `${out.why}; ${notes}`
  if (sampleSize.reference < o.minSample || sampleSize.current < o.minSample)
    addWarning(out, `small sample: ${sampleSize.reference} reference and ${sampleSize.current} current values (min-sample ${o.minSample}); the verdict on this column is unreliable`)
  return out
}

function addWarning(c: ColumnDrift, w: string): void {
  c.warning = c.warning ? `${c.warning}; ${w}` : w
}

/** The cells left out of a numeric comparison, in words. */
function cellNotes(c: ColumnDrift): string {
  const parts: string[] = []
  if (c.nonNumeric && (c.nonNumeric.reference || c.nonNumeric.current))
    parts.push(`${c.nonNumeric.reference} reference and ${c.nonNumeric.current} current cells non-numeric (${c.kind === 'numeric' ? 'left out' : 'compared as categories'})`)
  if (c.infinite && (c.infinite.reference || c.infinite.current)) parts.push(`${c.infinite.reference} reference and ${c.infinite.current} current values infinite (left out)`)
  return parts.join('; ')
}

function compareNumbers(base: ColumnDrift, ref: ColumnSummary, cur: ColumnSummary, o: DriftOptions): ColumnDrift {
  const method = o.methods.get(ref.name) ?? (o.method === 'auto' ? defaultMethod('numeric', base.sampleSize.reference, distinctOverBoth(ref, cur)) : o.method)
  checkMethod(ref.name, method, 'numeric')
  const threshold = o.threshold ?? METHODS[method].threshold
  const result = numericStatistic(method, ref, cur)
  const out: ColumnDrift = { ...base, method, statistic: result.statistic, pValue: result.pValue, threshold, drifted: isDrifted(method, result.statistic, result.pValue, threshold) }
  out.histogram = histogramOf('numeric', ref, cur)
  describeNumeric(out, ref, cur)
  return out
}

function compareCategories(base: ColumnDrift, ref: ColumnSummary, cur: ColumnSummary, o: DriftOptions): ColumnDrift {
  const [rc, cc] = [numericCounts(ref), numericCounts(cur)]
  const { reference: nr, current: nc } = base.sampleSize
  const sparse = sparsity(rc, cc, nr, nc)
  const chosen = o.methods.get(ref.name) ?? (o.method === 'auto' ? undefined : o.method)
  // sparse counts: a distance is biased upward by sampling noise alone, so auto takes a chi-square test over pooled categories
  const method = chosen ?? (sparse ? 'chisquare' : defaultMethod('categorical', nr, new Set([...rc.keys(), ...cc.keys()]).size))
  checkMethod(ref.name, method, 'categorical')
  const threshold = o.threshold ?? METHODS[method].threshold
  const pooled = sparse && method === 'chisquare' ? poolRare(rc, cc, sparse) : undefined
  const result: MethodResult = pooled ? categoricalStatistic(method, pooled[0], pooled[1], nr, nc) : categoricalStatistic(method, rc, cc, nr, nc)
  const out: ColumnDrift = { ...base, method, statistic: result.statistic, pValue: result.pValue, threshold, drifted: isDrifted(method, result.statistic, result.pValue, threshold) }
  out.histogram = histogramOf('categorical', ref, cur)
  describeCategories(out, rc, cc, nr, nc, result.culprit)
  if (sparse) addWarning(out, sparseWarning(sparse, pooled !== undefined, method))
  return out
}

function describeNumeric(out: ColumnDrift, ref: ColumnSummary, cur: ColumnSummary): void {
  const { quantiles, moments } = numericWhy(ref, cur)
  out.quantiles = quantiles
  out.moments = moments
  // the default method already is the effect size: one merge of two million values, not two
  out.effectSize = out.method === 'wasserstein' && out.statistic !== null ? out.statistic : numericStatistic('wasserstein', ref, cur).statistic
  out.effectSizeName = 'Wasserstein distance / reference std'
  const med = quantiles[2]
  const shift = moments.current.mean - moments.reference.mean
  const sd = moments.reference.std || 1
  const h = out.histogram
  let worst = 0
  for (let i = 1; i < h.labels.length; i++) if (Math.abs(h.current[i] - h.reference[i]) > Math.abs(h.current[worst] - h.reference[worst])) worst = i
  const bin = h.labels.length ? `; bin ${h.labels[worst]} holds ${fmt(h.current[worst] * 100)}% of current vs ${fmt(h.reference[worst] * 100)}% of reference` : ''
  out.why = `mean ${fmt(moments.reference.mean)} → ${fmt(moments.current.mean)} (${shift >= 0 ? '+' : ''}${fmt(shift / sd)} sd), median ${fmt(med.reference)} → ${fmt(med.current)}, std ${fmt(moments.reference.std)} → ${fmt(moments.current.std)}${bin}`
}

function describeCategories(out: ColumnDrift, rc: Map<string, number>, cc: Map<string, number>, nr: number, nc: number, culprit?: string): void {
  const { keys, rp, cp, rc: rcs, cc: ccs } = categoryShares(rc, cc, nr, nc)
  out.unseen = keys
    .map((k, i) => ({ value: k, count: ccs[i], ref: rcs[i] }))
    .filter((x) => x.ref === 0)
    .map(({ value, count }) => ({ value, count }))
  out.vanished = keys
    .map((k, i) => ({ value: k, count: rcs[i], cur: ccs[i] }))
    .filter((x) => x.cur === 0)
    .map(({ value, count }) => ({ value, count }))
  const changes = keys.map((k, i) => ({ value: k, reference: rp[i], current: cp[i] })).sort((a, b) => Math.abs(b.current - b.reference) - Math.abs(a.current - a.reference))
  out.topChanges = changes.slice(0, 5)
  const chi = categoricalStatistic('chisquare', rc, cc, nr, nc)
  out.effectSize = Math.sqrt(chi.statistic / (nr + nc))
  out.effectSizeName = "Cramér's V"
  const parts = changes
    .slice(0, 3)
    .filter((c) => c.current !== c.reference)
    .map((c) => `'${c.value}' ${fmt(c.reference * 100)}% → ${fmt(c.current * 100)}%`)
  if (culprit !== undefined) parts.unshift(`largest difference at '${culprit}'`)
  if (out.unseen.length)
    parts.push(
      `${out.unseen.length} unseen value(s): ${out.unseen
        .slice(0, 3)
        .map((u) => `'${u.value}' (${u.count})`)
        .join(', ')}`,
    )
  if (out.vanished.length)
    parts.push(
      `${out.vanished.length} vanished value(s): ${out.vanished
        .slice(0, 3)
        .map((u) => `'${u.value}' (${u.count})`)
        .join(', ')}`,
    )
  out.why = parts.join('; ') || 'shares unchanged'
}

export interface DatasetDrift {
  columns: ColumnDrift[]
  /** Columns present on one side only. */
  unmatched: { name: string; side: 'reference' | 'current' }[]
}

/** The pairs of reference and current columns that detectDrift compares. */
export function columnPairs(reference: Table, current: Table, o: Pick<DriftOptions, 'columns' | 'exclude'>): [Column, Column][] {
  const curByName = new Map(current.columns.map((c) => [c.name, c]))
  return reference.columns.filter((rc) => (!o.columns || o.columns.includes(rc.name)) && !o.exclude?.includes(rc.name) && curByName.has(rc.name)).map((rc) => [rc, curByName.get(rc.name)!])
}

/** Compares every selected column of two tables (`compared`: columns already compared, e.g. while others were still being sorted). */
export function detectDrift(reference: Table, current: Table, o: DriftOptions, compared?: Map<string, ColumnDrift>): DatasetDrift {
  const curByName = new Map(current.columns.map((c) => [c.name, c]))
  const refNames = new Set(reference.columns.map((c) => c.name))
  // excluded columns may not have been read: the caller checks those names against the files' headers
  checkColumnNames({ ...o, exclude: [] }, [...refNames], [...curByName.keys()])
  const unmatched: DatasetDrift['unmatched'] = []
  const columns: ColumnDrift[] = []
  for (const rc of reference.columns) {
    if (o.columns && !o.columns.includes(rc.name)) continue
    if (o.exclude?.includes(rc.name)) continue
    const cc = curByName.get(rc.name)
    if (!cc) {
      unmatched.push({ name: rc.name, side: 'reference' })
      continue
    }
    columns.push(compared?.get(rc.name) ?? compareColumn(profileColumn(rc), profileColumn(cc), o))
  }
  for (const cc of current.columns) if (!refNames.has(cc.name)) unmatched.push({ name: cc.name, side: 'current' })
  applyCorrection(columns, o)
  for (const c of columns) decide(c)
  return { columns, unmatched }
}

function applyCorrection(columns: ColumnDrift[], o: DriftOptions): void {
  if (o.correction === 'none') return
  const tested = columns.filter((c) => c.pValue !== null && c.method && METHODS[c.method].kind === 'p-value')
  const adjusted = o.correction === 'bonferroni' ? bonferroni(tested.map((c) => c.pValue!)) : benjaminiHochberg(tested.map((c) => c.pValue!))
  tested.forEach((c, i) => {
    c.pValueCorrected = adjusted[i]
    c.drifted = pValueDrifts(c.method!, adjusted[i], c.threshold!)
  })
}
