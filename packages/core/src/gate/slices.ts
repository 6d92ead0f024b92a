import type { Table } from '../table/types.ts'
import { ConfigurationError } from '../errors.ts'
import type { Predictions } from './metrics.ts'

/** Row indexes per value of the slice column. */
export function sliceRows(table: Table, column: string): Map<string, Int32Array> {
  const c = table.columns.find((x) => x.name === column)
  if (!c) throw new ConfigurationError(`Input 'slice-column': '${column}' is not a column of the predictions; columns are ${table.columns.map((x) => x.name).join(', ')}.`)
  const groups = new Map<string, number[]>()
  const n = c.type === 'numeric' ? c.values.length : c.codes.length
  for (let i = 0; i < n; i++) {
    const key = c.type === 'numeric' ? (Number.isNaN(c.values[i]) ? '(missing)' : String(c.values[i])) : c.codes[i] < 0 ? '(missing)' : c.dictionary[c.codes[i]]
    let g = groups.get(key)
    if (!g) groups.set(key, (g = []))
    g.push(i)
  }
  return new Map([...groups].map(([k, v]) => [k, Int32Array.from(v)]))
}

/** The predictions restricted to some rows. */
export function subset(p: Predictions, rows: Int32Array): Predictions {
  const pick = <T extends Float64Array | Int32Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(rows.length)
    rows.forEach((r, i) => (out[i] = a[r]))
    return out
  }
  if (p.kind === 'regression') return { kind: 'regression', yTrue: pick(p.yTrue), yPred: pick(p.yPred) }
  let proba: Float64Array | undefined
  if (p.proba) {
    const k = p.classes.length
    proba = new Float64Array(rows.length * k)
    rows.forEach((r, i) => proba!.set(p.proba!.subarray(r * k, r * k + k), i * k))
  }
  return { ...p, yTrue: pick(p.yTrue), yPred: p.yPred && pick(p.yPred), score: p.score && pick(p.score), proba }
}
