// The benchmark data sets, each written once into bench/data/ (not committed) and reused: the fraud-like set and its
// shifted twin (generate-data.mjs), the wide drift case, the unique-strings case and the bootstrap predictions.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './lib.mjs'

export const DATA = join(ROOT, 'bench/data')
export const SCHEMA = join(ROOT, 'bench/fixtures/fraud.schema.yaml')

const generate = (...args) => execFileSync(process.execPath, [join(ROOT, 'bench/generate-data.mjs'), ...args], { stdio: 'inherit', cwd: ROOT })

/** 1M rows × 16 columns: `fraud.csv` (and `fraud.parquet` when asked) as reference, `current.csv` shifted. */
export function fraud({ parquet = false } = {}) {
  const ref = join(DATA, 'fraud.csv')
  const pq = join(DATA, 'fraud.parquet')
  const cur = join(DATA, 'current.csv')
  if (!existsSync(ref) || (parquet && !existsSync(pq))) generate(...(parquet ? ['--parquet'] : []))
  if (!existsSync(cur)) generate('--shift')
  return { ref, cur, parquet: pq }
}

/** The fraud schema without its unique key (for data whose ids repeat, or to measure the scan alone). */
export function looseSchema(dir) {
  const path = join(dir, 'mlgate-fraud-no-key.schema.yaml')
  const text = readFileSync(SCHEMA, 'utf8').replace('required: true, unique: true, minimum: 1', 'required: true, minimum: 1')
  writeFileSync(path, text.replace(/^primaryKey:.*$/m, ''))
  return path
}

function wideFile(path, shift) {
  if (existsSync(path)) return
  let seed = shift ? 99 : 98
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const cols = Array.from({ length: 100 }, (_, j) => `c${j}`)
  const lines = [cols.join(',')]
  const cell = (j) => (j % 10 === 9 ? ['a', 'b', 'c', 'd'][Math.floor(rnd() * 4)] : (rnd() + (shift && j % 3 === 0 ? 0.05 : 0)).toFixed(5))
  for (let i = 0; i < 356_000; i++) lines.push(cols.map((_, j) => cell(j)).join(','))
  writeFileSync(path, lines.join('\n') + '\n')
}

/** The wide case Evidently users reported: 356k rows × 100 columns, a third of them shifted in `cur`. */
export function wide() {
  mkdirSync(DATA, { recursive: true })
  const ref = join(DATA, 'wide-ref.csv')
  const cur = join(DATA, 'wide-cur.csv')
  wideFile(ref, false)
  wideFile(cur, true)
  return { ref, cur }
}

function uniqueFile(path, seed) {
  if (existsSync(path)) return
  let s = seed
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647
  const lines = ['id,name,v']
  for (let i = 0; i < 1_000_000; i++) lines.push(`u${Math.floor(rnd() * 1e9)},n${i},${rnd().toFixed(6)}`)
  writeFileSync(path, lines.join('\n') + '\n')
}

/** 1M rows of mostly unique strings (ids, names) and a float: counted past the text limit, not compared. */
export function unique() {
  mkdirSync(DATA, { recursive: true })
  const ref = join(DATA, 'unique-ref.csv')
  const cur = join(DATA, 'unique-cur.csv')
  uniqueFile(ref, 7)
  uniqueFile(cur, 8)
  return { ref, cur }
}

/** 100k predictions of a candidate and a baseline model on the same rows (y_true, y_pred, y_score). */
export function predictions() {
  mkdirSync(DATA, { recursive: true })
  const cand = join(DATA, 'pred-cand.csv')
  const base = join(DATA, 'pred-base.csv')
  if (existsSync(cand) && existsSync(base)) return { cand, base }
  let s = 3
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648
  const g = () => Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r())
  const c = ['y_true,y_pred,y_score']
  const b = ['y_true,y_pred,y_score']
  for (let i = 0; i < 100_000; i++) {
    const y = r() < 0.3 ? 1 : 0
    const x = Math.min(1, Math.max(0, 0.3 + 0.35 * y + 0.18 * g()))
    const z = Math.min(1, Math.max(0, 0.3 + 0.33 * y + 0.18 * g()))
    c.push(`${y},${x >= 0.5 ? 1 : 0},${x.toFixed(4)}`)
    b.push(`${y},${z >= 0.5 ? 1 : 0},${z.toFixed(4)}`)
  }
  writeFileSync(cand, c.join('\n') + '\n')
  writeFileSync(base, b.join('\n') + '\n')
  return { cand, base }
}
