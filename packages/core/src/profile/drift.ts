import type { ColumnDrift } from '../drift/column.ts'
import { isDrifted } from '../drift/column.ts'
import { decide } from '../drift/decision.ts'
import { compareColumn, emptyDrift } from '../drift/detect.ts'
import { comparedAsNumbers } from '../drift/kind.ts'
import type { ColumnKind, DriftMethod } from '../drift/methods.ts'
import { defaultMethod, DRIFT_METHODS, METHODS } from '../drift/methods.ts'
import { checkColumnNames } from '../drift/names.ts'
import { booleanCounts, mostlyUnique } from '../drift/profile.ts'
import { ConfigurationError } from '../errors.ts'
import { benjaminiHochberg, bonferroni } from '../stats/contingency.ts'
import type { ColumnSummary } from '../table/summary.ts'
import { complete, distinctValues, keptLimit } from './categories.ts'
import { hashKey, NumberHasher } from './hash.ts'
import type { Exactness, ProfileColumn, ProfileColumnDrift, ProfileDriftOptions, ProfileDriftResult, Profile } from './model.ts'
import { binHistogram, numericOnBins, numericWhy, valueTables } from './numeric.ts'

/** Methods that need every value and have no bound on bins. */
const NEED_VALUES: DriftMethod[] = ['cramer_von_mises', 'energy', 'l_infinity']

/** The key the values past both sides' kept limit are pooled under (a key no value has). */
function otherKey(keys: Set<string>): string {
  let k = '(other values)'
  while (keys.has(k)) k += ' '
  return k
}

/**
 * Both sides' category counts as drift's column summaries count them: every value when both counted
 * them all; otherwise the values at or below both sides' kept limit (counted exactly on each), and the
 * rest pooled as one category.
 */
function countPair(ref: ProfileColumn, cur: ProfileColumn): { counts: [Map<string, number>, Map<string, number>]; pooled: boolean } {
  const [a, b] = [ref.categories!, cur.categories!]
  if (complete(a) && complete(b)) return { counts: [new Map(Object.entries(a.counts)), new Map(Object.entries(b.counts))], pooled: false }
  const hasher = new NumberHasher()
  const [la, lb] = [keptLimit(a, hasher), keptLimit(b, hasher)]
  const limit = la.hash < lb.hash || (la.hash === lb.hash && la.key <= lb.key) ? la : lb
  const within = (k: string) => {
    const h = hashKey(k, hasher)
    return h < limit.hash || (h === limit.hash && k <= limit.key)
  }
  const other = otherKey(new Set([...Object.keys(a.counts), ...Object.keys(b.counts)]))
  const side = (c: typeof a): Map<string, number> => {
    const m = new Map<string, number>()
    let rest = c.other
    for (const [k, n] of Object.entries(c.counts))
      if (within(k)) m.set(k, n)
      else rest += n
    if (rest > 0) m.set(other, rest)
    return m
  }
  return { counts: [side(a), side(b)], pooled: true }
}

/** A profile column as the column summary drift's categorical comparison reads (counts, never the values). */
function summaryOf(c: ProfileColumn, counts: Map<string, number>, apart: 'none' | 'infinite' | 'numbers'): ColumnSummary {
  const s: ColumnSummary = {
    name: c.name,
    source: c.source,
    rows: c.rows,
    missing: c.missing,
    integer: c.source === 'number' && c.integer,
    counts: c.source === 'boolean' ? booleanCounts(counts) : counts,
  }
  if (c.categories && !complete(c.categories)) s.distinctAtLeast = distinctValues(c.categories).value
  if (apart !== 'none') s.infinite = c.infinite ?? 0
  if (apart === 'numbers') s.nonNumeric = c.nonNumeric ?? 0
  return s
}

/** Distinct numbers over both sides (Infinity when a side did not count them all). */
function distinctNumbers(ref: ProfileColumn, cur: ProfileColumn): number {
  const t = valueTables(ref, cur)
  return t ? t[0].length : Infinity
}

/** Evidently's column typing (drift/kind.ts columnKind) on profiles: from the counts, never expanding them to values. */
function profileKind(ref: ProfileColumn, cur: ProfileColumn, views: [ColumnSummary, ColumnSummary]): ColumnKind {
  if (comparedAsNumbers(views[0], views[1])) return ref.integer && cur.integer && distinctNumbers(ref, cur) <= 10 ? 'categorical' : 'numeric'
  if (ref.source === 'boolean' || cur.source === 'boolean') return 'categorical'
  return mostlyUnique(views[0]) ? 'text' : 'categorical'
}

/** The exactness of every number of a categorical or text column's result. */
function categoricalExactness(c: ColumnDrift, pooled: boolean): ProfileColumnDrift {
  const all: Exactness = 'exact'
  const out: ProfileColumnDrift = { ...c, exactness: all, exactnessOf: { statistic: all, pValue: all, missingShare: all, effectSize: all, histogram: all } }
  if (pooled) out.warning = [c.warning, 'values past the profiles’ cap are pooled as one category (exact on these categories, not on every value)'].filter(Boolean).join('; ')
  return out
}

function checkNumericMethod(name: string, method: DriftMethod): void {
  if (NEED_VALUES.includes(method) || !METHODS[method].kinds.includes('numeric'))
    throw new ConfigurationError(
      `Method '${method}' cannot compare column '${name}' on profiles: it needs every value; use one of ${DRIFT_METHODS.filter((m) => !NEED_VALUES.includes(m) && METHODS[m].kinds.includes('numeric')).join(', ')}.`,
    )
}

function checkBins(ref: ProfileColumn, cur: ProfileColumn): void {
  const [a, b] = [ref.bins, cur.bins]
  if (!a || !b || a.edges.length !== b.edges.length || a.edges.some((v, i) => !Object.is(v, b.edges[i])))
    throw new ConfigurationError(
      `Column '${ref.name}' cannot be compared on profiles: ${!a ? 'the reference profile has no bins for it' : !b ? 'the current profile has no bins for it' : 'the two profiles bin it on different edges'}; profile the current data with --edges-from the reference profile.`,
    )
}

/** What a numeric column's comparison starts from: the shares of missing and non-numeric cells (exact), as exact mode's. */
function baseDrift(ref: ProfileColumn, cur: ProfileColumn, o: ProfileDriftOptions): ColumnDrift {
  const counted = (c: ProfileColumn) => ({ ...c, nonNumeric: c.nonNumeric ?? 0 })
  return { ...emptyDrift(counted(ref), counted(cur), 'numeric', o), sampleSize: { reference: ref.numbers?.count ?? 0, current: cur.numbers?.count ?? 0 } }
}

const add = (a: string | undefined, b: string) => (a ? `${a}; ${b}` : b)

function compareNumeric(ref: ProfileColumn, cur: ProfileColumn, o: ProfileDriftOptions): ProfileColumnDrift {
  const base = baseDrift(ref, cur, o)
  const { reference: nr, current: nc } = base.sampleSize
  const exactnessOf: Record<string, Exactness> = { missingShare: 'exact', moments: 'exact', quantiles: 'approximate', histogram: 'exact' }
  if (nr === 0 || nc === 0) return { ...base, warning: `no values on the ${nr === 0 ? 'reference' : 'current'} side`, why: 'Nothing to compare.', exactness: 'exact', exactnessOf }
  checkBins(ref, cur)
  const method = o.methods.get(ref.name) ?? (o.method === 'auto' ? defaultMethod('numeric', nr, distinctNumbers(ref, cur)) : o.method)
  checkNumericMethod(ref.name, method)
  const threshold = o.threshold ?? METHODS[method].threshold
  const r = numericOnBins(method, ref, cur, threshold)
  const drifted = r.verdict ? r.verdict === 'drift' || (r.verdict === 'inconclusive' && o.inconclusiveIsDrift === true) : isDrifted(method, r.statistic, r.pValue, threshold)
  const out: ProfileColumnDrift = {
    ...base,
    method,
    statistic: r.statistic,
    pValue: r.pValue,
    threshold,
    drifted,
    exactness: r.exactness,
    exactnessOf: { ...exactnessOf, statistic: r.exactness, pValue: r.exactness },
  }
  if (r.ks) out.ks = r.ks
  if (r.wasserstein) out.wasserstein = r.wasserstein
  out.histogram = binHistogram(ref, cur)
  numericWhy(out, ref, cur, r.note)
  const effect = method === 'wasserstein' ? r : numericOnBins('wasserstein', ref, cur, METHODS.wasserstein.threshold)
  out.effectSize = effect.statistic
  out.effectSizeName = 'Wasserstein distance / reference std'
  out.exactnessOf.effectSize = effect.exactness
  if (r.verdict === 'inconclusive')
    out.warning = add(out.warning, `${method} is inconclusive on the profiles' bins: the threshold ${threshold} lies inside the interval${o.inconclusiveIsDrift ? ' (counted as drift)' : ''}`)
  if (r.note && !r.verdict && r.exactness !== 'exact') out.warning = add(out.warning, r.note)
  if (nr < o.minSample || nc < o.minSample)
    out.warning = add(out.warning, `small sample: ${nr} reference and ${nc} current values (min-sample ${o.minSample}); the verdict on this column is unreliable`)
  return out
}

/** Drift of one column from its two profiles: categorical columns by drift's own comparison on their counts, numeric ones on their bins. */
function compareProfileColumn(ref: ProfileColumn, cur: ProfileColumn, o: ProfileDriftOptions): ProfileColumnDrift {
  const { counts, pooled } = countPair(ref, cur)
  const views: [ColumnSummary, ColumnSummary] = [summaryOf(ref, counts[0], 'none'), summaryOf(cur, counts[1], 'none')]
  const kind = o.kinds.get(ref.name) ?? profileKind(ref, cur, views)
  if (kind === 'numeric') return compareNumeric(ref, cur, o)
  // as drift/detect.ts: numbers with words among them, compared as categories, count their words and infinities apart
  const apart = comparedAsNumbers(views[0], views[1]) && !o.kinds.has(ref.name) ? 'numbers' : 'none'
  const side = (c: ProfileColumn, m: Map<string, number>) => summaryOf(c, m, c.source === 'number' ? 'infinite' : apart)
  const c = compareColumn(side(ref, counts[0]), side(cur, counts[1]), { ...o, kinds: new Map([...o.kinds, [ref.name, kind]]) })
  return categoricalExactness(c, pooled)
}

/** Multiple-testing correction over the p-value tests (as drift/detect.ts does), on the p-values and each KS bound alike. */
function applyCorrection(columns: ProfileColumnDrift[], o: ProfileDriftOptions): void {
  if (o.correction === 'none') return
  const tested = columns.filter((c) => c.pValue !== null && c.method && METHODS[c.method].kind === 'p-value')
  const adjust = o.correction === 'bonferroni' ? bonferroni : benjaminiHochberg
  const adjusted = adjust(tested.map((c) => c.pValue!))
  const lows = adjust(tested.map((c) => c.ks?.pLow ?? c.pValue!))
  const highs = adjust(tested.map((c) => c.ks?.pHigh ?? c.pValue!))
  tested.forEach((c, i) => {
    c.pValueCorrected = adjusted[i]
    if (!c.ks) return void (c.drifted = adjusted[i] < c.threshold!)
    const verdict = highs[i] < c.threshold! ? 'drift' : lows[i] >= c.threshold! ? 'no drift' : 'inconclusive'
    c.ks = { ...c.ks, verdict }
    c.drifted = verdict === 'drift' || (verdict === 'inconclusive' && o.inconclusiveIsDrift === true)
  })
}

/**
 * Drift between two profiles, column by column, in the shape drift's report renders, each number
 * labelled exact (equal to a run over every row on the same bins or categories), bounded (an interval
 * that holds the exact value: KS, Wasserstein) or approximate (quantile values, distinct counts).
 */
export function profileDrift(ref: Profile, cur: Profile, o: ProfileDriftOptions): ProfileDriftResult {
  const curByName = new Map(cur.columns.map((c) => [c.name, c]))
  const refNames = new Set(ref.columns.map((c) => c.name))
  checkColumnNames({ ...o, exclude: [] }, [...refNames], [...curByName.keys()])
  const unmatched: ProfileDriftResult['unmatched'] = []
  const columns: ProfileColumnDrift[] = []
  for (const rc of ref.columns) {
    if ((o.columns && !o.columns.includes(rc.name)) || o.exclude?.includes(rc.name)) continue
    const cc = curByName.get(rc.name)
    if (cc) columns.push(compareProfileColumn(rc, cc, o))
    else unmatched.push({ name: rc.name, side: 'reference' })
  }
  for (const cc of cur.columns) if (!refNames.has(cc.name)) unmatched.push({ name: cc.name, side: 'current' })
  applyCorrection(columns, o)
  for (const c of columns) decide(c)
  return { columns, unmatched }
}
