// Paired bootstrap of a metric difference on the same evaluation rows.

/** Seeded PRNG (mulberry32): the same seed gives the same resamples on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface BootstrapResult {
  delta: number
  ci: [number, number]
  resamples: number
}

/**
 * Paired bootstrap of a metric difference: each resample draws n rows with replacement (as integer
 * weights) and evaluates candidate − baseline on the same rows; percentile confidence interval.
 */
export function pairedBootstrap(n: number, metricDelta: (w: Float64Array | undefined) => number, o: { resamples: number; confidence: number; seed: number }): BootstrapResult {
  const draws = new ResampleCounter(o.seed, n)
  const w = new Float64Array(n)
  const deltas = new Float64Array(o.resamples)
  let used = 0
  for (let r = 0; r < o.resamples; r++) {
    draws.draw(w)
    const d = metricDelta(w)
    if (Number.isFinite(d)) deltas[used++] = d
  }
  return { delta: metricDelta(undefined), ci: percentileInterval(deltas.subarray(0, used), o.confidence), resamples: used }
}

/** Two-sided percentile interval of bootstrap replicates (linear interpolation, as numpy.percentile). */
export function percentileInterval(replicates: Float64Array, confidence: number): [number, number] {
  const used = replicates.length
  if (!used) return [NaN, NaN]
  const sorted = Float64Array.from(replicates).sort()
  const at = (p: number) => {
    const idx = p * (used - 1)
    const lo = Math.floor(idx)
    const hi = Math.min(lo + 1, used - 1)
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (idx - lo)
  }
  const alpha = (1 - confidence) / 2
  return [at(alpha), at(1 - alpha)]
}

/**
 * Draws n row indexes with replacement for each resample (xorshift32 seeded from the seed: the draws
 * are most of the cost) and counts them into w — per row, or per group of rows when groupOf is given.
 */
export class ResampleCounter {
  private x: number
  private readonly scale: number

  constructor(
    seed: number,
    private readonly n: number,
  ) {
    this.x = (Math.floor(seededRandom(seed)() * 0xffffffff) | 1) >>> 0
    this.scale = n / 4294967296
  }

  draw(w: Float64Array, groupOf?: Int32Array): void {
    w.fill(0)
    let x = this.x
    const { n, scale } = this
    if (groupOf)
      for (let i = 0; i < n; i++) {
        x ^= x << 13
        x ^= x >>> 17
        x ^= x << 5
        w[groupOf[((x >>> 0) * scale) | 0]]++
      }
    else
      for (let i = 0; i < n; i++) {
        x ^= x << 13
        x ^= x >>> 17
        x ^= x << 5
        w[((x >>> 0) * scale) | 0]++
      }
    this.x = x
  }
}
