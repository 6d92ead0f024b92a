import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { rng } from '../../helpers/rng.ts'

/** A window of `n` rows: amount ~ N(shift, 1), channel a/b/c (or with `unseen` added), score and y_pred from it. */
export function windowCsv(dir: string, name: string, o: { n?: number; seed: number; shift?: number; drop?: string; textAmount?: boolean; unseen?: string }): string {
  const r = rng(o.seed)
  const n = o.n ?? 400
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r())
  const cols = ['amount', 'channel', 'age'].filter((c) => c !== o.drop)
  const lines = [cols.join(',')]
  for (let i = 0; i < n; i++) {
    const row: Record<string, string> = {
      amount: o.textAmount ? `n/a-${i % 7}` : (gauss() + (o.shift ?? 0)).toFixed(4),
      channel: o.unseen && i % 5 === 0 ? o.unseen : ['a', 'b', 'c'][Math.floor(r() * 3)],
      age: String(20 + Math.floor(r() * 50)),
    }
    lines.push(cols.map((c) => row[c]).join(','))
  }
  writeFileSync(join(dir, name), lines.join('\n') + '\n')
  return name
}

/** Labelled predictions whose accuracy is about `accuracy` (alternating labels, the first `accuracy` share of each 100 right). */
export function predictionsCsv(dir: string, name: string, n: number, accuracy: number): string {
  const lines = ['y_true,y_pred']
  for (let i = 0; i < n; i++) {
    const y = i % 2
    lines.push(`${y},${(i * 37) % 100 < accuracy * 100 ? y : 1 - y}`)
  }
  writeFileSync(join(dir, name), lines.join('\n') + '\n')
  return name
}
