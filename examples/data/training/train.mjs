// Deterministic toy training: a seeded linear fit written as metrics and a model file.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
const params = Object.fromEntries(readFileSync(new URL('params.yaml', import.meta.url), 'utf8').split('\n').filter(Boolean).map((l) => l.split(':').map((s) => s.trim())))
let seed = Number(params.seed)
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
const xs = Array.from({ length: 200 }, () => rand())
const ys = xs.map((x) => 3 * x + 0.5 + (rand() - 0.5) * 0.1)
const mx = xs.reduce((a, b) => a + b) / xs.length
const my = ys.reduce((a, b) => a + b) / ys.length
const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0)
const noise = process.env.MLGATE_TOY_NOISE ? Math.random() * Number(process.env.MLGATE_TOY_NOISE) : 0
mkdirSync('out', { recursive: true })
writeFileSync('out/metrics.json', JSON.stringify({ slope, intercept: my - slope * mx, rmse: 0.0288 + noise }, null, 2))
writeFileSync('out/predictions.csv', 'x,y\n' + xs.slice(0, 5).map((x) => `${x},${slope * x + my - slope * mx + noise}`).join('\n') + '\n')
