import { ConfigurationError } from '../errors.ts'
import { fmt } from '../report/markdown.ts'
import { benjaminiHochberg, bonferroni, zTwoProportions } from '../stats/contingency.ts'
import type { Column, Table } from '../table/types.ts'
import type { ColumnDrift, MethodResult } from './column.ts'
import { categoricalStatistic, categoryShares, histogramOf, isDrifted, numericStatistic, numericWhy } from './column.ts'
import type { ColumnKind, DriftMethod } from './methods.ts'
import { defaultMethod, DRIFT_METHODS, METHODS } from './methods.ts'
import type { ColumnProfile } from './profile.ts'
import { distinctOverBoth, mostlyUnique, numericCounts, present, profileColumn } from './profile.ts'

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
}

/** Evidently's column typing: floats numeric, integers with ≤10 values categorical, strings text when mostly unique. */
export function columnKind(ref: ColumnProfile, cur: ColumnProfile): ColumnKind {
  if (ref.source === 'number') return ref.integer && cur.integer && distinctOverBoth(ref, cur, 10) <= 10 ? 'categorical' : 'numeric'
  if (ref.source === 'boolean') return 'categorical'
  return mostlyUnique(ref) ? 'text' : 'categorical'
}

function checkMethod(name: string, method: DriftMethod, kind: 'numeric' | 'categorical'): void {
  if (!METHODS[method].kinds.includes(kind)) throw new ConfigurationError(`Method '${method}' cannot compare the ${kind} column '${name}'; use one of ${DRIFT_METHODS.filter((m) => METHODS[m].kinds.includes(kind)).join(', ')}.`)
}

function missingCheck(ref: ColumnProfile, cur: ColumnProfile, enabled: boolean): ColumnDrift['missingShare'] {
  const reference = ref.rows ? ref.missing / ref.rows : 0
  const current = cur.rows ? cur.missing / cur.rows : 0
  if (!enabled || (ref.missing === 0 && cur.missing === 0)) return { reference, current, pValue: null, drifted: false }
  const { pValue } = zTwoProportions(ref.missing, ref.rows, cur.missing, cur.rows)
  // a significant change of at least one percentage point: large samples make tiny changes significant
  return { reference, current, pValue, drifted: pValue < 0.05 && Math.abs(current - reference) >= 0.01 }
}

/** Drift of one column from its two profiles. */
export function compareColumn(ref: ColumnProfile, cur: ColumnProfile, o: DriftOptions): ColumnDrift {
  const kind = o.kinds.get(ref.name) ?? columnKind(ref, cur)
  const sampleSize = { reference: present(ref), current: present(cur) }
  const missingShare = missingCheck(ref, cur, o.missingDrift)
  const base: ColumnDrift = {
    name: ref.name, kind, method: null, statistic: null, pValue: null, pValueCorrected: null, threshold: null, drifted: false, effectSize: null, effectSizeName: null,
    missingShare, unseen: [], vanished: [], sampleSize, why: '', histogram: { labels: [], reference: [], current: [] },
  }
  if (kind === 'text') return { ...base, skipped: 'text column (mostly unique values): not compared', why: 'Text columns are not compared.' }
  if (kind === 'numeric' && !ref.sorted) throw new ConfigurationError(`Column '${ref.name}' is not numeric in the data; drop it from column-types or mark it categorical.`)
  if (sampleSize.reference === 0 || sampleSize.current === 0)
    return { ...base, warning: `no values on the ${sampleSize.reference === 0 ? 'reference' : 'current'} side`, why: 'Nothing to compare.', drifted: missingShare.drifted }
  const asCategories = kind === 'categorical'
  const rc = asCategories ? (ref.counts ?? numericCounts(ref)) : undefined
  const cc = asCategories ? (cur.counts ?? numericCounts(cur)) : undefined
  const distinct = asCategories ? new Set([...rc!.keys(), ...cc!.keys()]).size : distinctOverBoth(ref, cur)
  const method = o.methods.get(ref.name) ?? (o.method === 'auto' ? defaultMethod(kind, sampleSize.reference, distinct) : o.method)
  checkMethod(ref.name, method, kind)
  const threshold = o.threshold ?? METHODS[method].threshold
  const result: MethodResult = asCategories ? categoricalStatistic(method, rc!, cc!, sampleSize.reference, sampleSize.current) : numericStatistic(method, ref, cur)
  const out: ColumnDrift = { ...base, method, statistic: result.statistic, pValue: result.pValue, threshold, drifted: isDrifted(method, result.statistic, result.pValue, threshold) }
  out.histogram = histogramOf(kind, ref, cur)
  if (asCategories) describeCategories(out, rc!, cc!, sampleSize.reference, sampleSize.current, result.culprit)
  else describeNumeric(out, ref, cur)
  if (sampleSize.reference < o.minSample || sampleSize.current < o.minSample)
    out.warning = `small sample: ${sampleSize.reference} reference and ${sampleSize.current} current values (min-sample ${o.minSample}); the verdict on this column is unreliable`
  return out
}

function describeNumeric(out: ColumnDrift, ref: ColumnProfile, cur: ColumnProfile): void {
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
  out.unseen = keys.map((k, i) => ({ value: k, count: ccs[i], ref: rcs[i] })).filter((x) => x.ref === 0).map(({ value, count }) => ({ value, count }))
  out.vanished = keys.map((k, i) => ({ value: k, count: rcs[i], cur: ccs[i] })).filter((x) => x.cur === 0).map(({ value, count }) => ({ value, count }))
  const changes = keys.map((k, i) => ({ value: k, reference: rp[i], current: cp[i] })).sort((a, b) => Math.abs(b.current - b.reference) - Math.abs(a.current - a.reference))
  out.topChanges = changes.slice(0, 5)
  const chi = categoricalStatistic('chisquare', rc, cc, nr, nc)
  out.effectSize = Math.sqrt(chi.statistic / (nr + nc))
  out.effectSizeName = "Cramér's V"
  const parts = changes.slice(0, 3).filter((c) => c.current !== c.reference).map((c) => `'${c.value}' ${fmt(c.reference * 100)}% → ${fmt(c.current * 100)}%`)
  if (culprit !== undefined) parts.unshift(`largest difference at '${culprit}'`)
  if (out.unseen.length) parts.push(`${out.unseen.length} unseen value(s): ${out.unseen.slice(0, 3).map((u) => `'${u.value}' (${u.count})`).join(', ')}`)
  if (out.vanished.length) parts.push(`${out.vanished.length} vanished value(s): ${out.vanished.slice(0, 3).map((u) => `'${u.value}' (${u.count})`).join(', ')}`)
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
  for (const n of [...(o.columns ?? []), ...o.kinds.keys(), ...o.methods.keys()])
    if (!refNames.has(n)) throw new ConfigurationError(`Column '${n}' is not in the reference data; its columns are ${[...refNames].join(', ')}.`)
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
  for (const c of columns)
    if (c.missingShare.drifted) {
      c.drifted = true
      const note = `missing share ${fmt(c.missingShare.reference * 100)}% → ${fmt(c.missingShare.current * 100)}%`
      c.why = c.why ? `${note}; ${c.why}` : note
    }
  return { columns, unmatched }
}

function applyCorrection(columns: ColumnDrift[], o: DriftOptions): void {
  if (o.correction === 'none') return
  const tested = columns.filter((c) => c.pValue !== null && c.method && METHODS[c.method].kind === 'p-value')
  const adjusted = o.correction === 'bonferroni' ? bonferroni(tested.map((c) => c.pValue!)) : benjaminiHochberg(tested.map((c) => c.pValue!))
  tested.forEach((c, i) => {
    c.pValueCorrected = adjusted[i]
    c.drifted = adjusted[i] < c.threshold!
  })
}
