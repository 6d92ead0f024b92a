// Seeded generator of the fraud-like benchmark set: node bench/generate-data.mjs [--rows N] [--shift] [--out bench/data/fraud] [--parquet]
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

const args = process.argv.slice(2)
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def)
const rows = Number(opt('rows', 1_000_000))
const shift = args.includes('--shift')
const out = resolve(opt('out', shift ? 'bench/data/current' : 'bench/data/fraud'))
const seed = Number(opt('seed', shift ? 7 : 42))

// xorshift128+ keeps the data identical across runs and machines
let s0 = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n
let s1 = 0x6a09e667f3bcc909n ^ BigInt(seed)
const MASK = (1n << 64n) - 1n
function rand() {
  let x = s0
  const y = s1
  s0 = y
  x ^= (x << 23n) & MASK
  s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n)
  return Number(((s1 + y) & MASK) >> 11n) / 2 ** 53
}
function gauss() {
  return Math.sqrt(-2 * Math.log(rand() || 1e-300)) * Math.cos(2 * Math.PI * rand())
}
function gamma(k) {
  // Marsaglia–Tsang for k ≥ 1
  const d = k - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    const x = gauss()
    const v = (1 + c * x) ** 3
    if (v > 0 && Math.log(rand()) < 0.5 * x * x + d - d * v + Math.log(v)) return d * v
  }
}
function beta(a, b) {
  const x = gamma(a)
  return x / (x + gamma(b))
}
function poisson(l) {
  let k = 0
  let p = 1
  const L = Math.exp(-l)
  do {
    k++
    p *= rand()
  } while (p > L)
  return k - 1
}
const pick = (xs, w) => {
  let r = rand() * w.reduce((a, b) => a + b, 0)
  for (let i = 0; i < xs.length; i++) if ((r -= w[i]) <= 0) return xs[i]
  return xs[xs.length - 1]
}

const MERCHANTS = ['grocery', 'travel', 'online', 'fuel', 'dining', 'electronics', 'pharmacy']
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'NL', 'ES', 'IT', 'PL']
const CHANNELS = ['card', 'web', 'mobile']
const COLUMNS = [
  'transaction_id',
  'amount',
  'age',
  'balance',
  'score',
  'tenure',
  'merchant_category',
  'country',
  'channel',
  'is_weekend',
  'hour',
  'f_gauss1',
  'f_gauss2',
  'f_unif1',
  'f_unif2',
  'label',
]

function row(i) {
  const amount = Math.exp(3.5 + (shift ? 0.25 : 0) + 1.1 * gauss())
  const balance = rand() < 0.01 ? '' : (5000 + 2500 * gauss()).toFixed(2)
  return [
    i + 1,
    amount.toFixed(2),
    18 + Math.min(72, Math.floor(Math.abs(gauss()) * 18 + (shift ? 6 : 0))),
    balance,
    // model outputs and features as pandas writes float64: shortest round-trip form (up to 17 digits)
    String(beta(shift ? 2.6 : 2, 5)),
    poisson(shift ? 4 : 4),
    pick(MERCHANTS, shift ? [20, 10, 35, 10, 10, 10, 5] : [25, 10, 25, 10, 15, 10, 5]),
    pick(COUNTRIES, [30, 15, 15, 10, 10, 8, 7, 5]),
    pick(CHANNELS, [50, 30, 20]),
    rand() < 2 / 7 ? 'true' : 'false',
    Math.floor(rand() * 24),
    String(gauss()),
    String(2 + 3 * gauss()),
    String(rand()),
    String(10 * rand()),
    rand() < (shift ? 0.03 : 0.02) ? 1 : 0,
  ]
}

mkdirSync(dirname(out), { recursive: true })
const csv = createWriteStream(`${out}.csv`)
csv.write(COLUMNS.join(',') + '\n')
const keepForParquet = args.includes('--parquet')
const cols = keepForParquet ? COLUMNS.map(() => []) : undefined
let buf = ''
for (let i = 0; i < rows; i++) {
  const r = row(i)
  buf += r.join(',') + '\n'
  if (cols) r.forEach((v, j) => cols[j].push(v))
  if (buf.length > 1 << 20) {
    if (!csv.write(buf)) await new Promise((res) => csv.once('drain', res))
    buf = ''
  }
}
csv.end(buf)
await new Promise((res) => csv.on('finish', res))
if (cols) {
  const { parquetWriteBuffer } = await import('hyparquet-writer')
  const numeric = new Set([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15])
  const columnData = COLUMNS.map((name, j) => {
    if (name === 'is_weekend') return { name, data: cols[j].map((v) => v === 'true'), type: 'BOOLEAN' }
    if (!numeric.has(j)) return { name, data: cols[j], type: 'STRING' }
    const intCol = [0, 2, 5, 10, 15].includes(j)
    return { name, data: cols[j].map((v) => (v === '' ? null : intCol ? Number(v) : Number(v))), type: intCol ? 'INT32' : 'DOUBLE' }
  })
  writeFileSync(`${out}.parquet`, Buffer.from(parquetWriteBuffer({ columnData, rowGroupSize: 100_000 })))
}
console.log(`wrote ${rows} rows to ${out}.csv${cols ? ` and ${out}.parquet` : ''}`)
