import { seededRandom } from '../../../packages/core/src/stats/compare/bootstrap.ts'
import type { CategoricalColumn, NumericColumn, Table } from '../../../packages/core/src/table/types.ts'

/** A small seeded PRNG (mulberry32) for reproducible samples. */
export function rng(seed: number) {
  const next = seededRandom(seed)
  const normal = () => Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next())
  const pick = (values: string[], weights: number[]) => {
    let x = next() * weights.reduce((s, w) => s + w, 0)
    for (let i = 0; i < values.length; i++) if ((x -= weights[i]) <= 0) return values[i]
    return values[values.length - 1]
  }
  return { next, normal, pick }
}

export function numeric(name: string, values: number[], integer = false): NumericColumn {
  return { type: 'numeric', name, values: Float64Array.from(values), integer }
}

export function categorical(name: string, values: (string | null)[]): CategoricalColumn {
  const dictionary: string[] = []
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1
    let i = dictionary.indexOf(v)
    if (i < 0) i = dictionary.push(v) - 1
    return i
  })
  return { type: 'categorical', name, codes, dictionary, source: 'string' }
}

export function table(...columns: (NumericColumn | CategoricalColumn)[]): Table {
  return { columns, rowCount: columns[0].type === 'numeric' ? columns[0].values.length : columns[0].codes.length, files: [] }
}
