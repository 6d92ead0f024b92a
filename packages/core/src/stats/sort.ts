// Sorting a million finite doubles, as drift does for every numeric column on both sides.
// - Values that are whole numbers, or decimals with at most 5 digits after the point (money, rounded
//   measurements), within a range of about 2n steps are counted into order: a million prices with
//   cents sort in ~6 ms. Each value v is q / scale for an integer q (checked:
//   Math.round(v · scale) / scale === v), so writing q / scale back gives the very same double.
// - Everything else: LSD radix sort in WebAssembly (radix-sort.wat), ~15 ms for a million doubles
//   with all their bits in use, where the same sort in JavaScript took ~28 ms on Node 24 and ~40 ms
//   on Node 20, and Float64Array.prototype.sort ~100 ms.

export type Sorter = (values: Float64Array) => Float64Array

/**
 * A sorter of finite doubles, in place (the result is `values`). Self-contained: worker threads run
 * it from its source text, given radix-sort.wat's binary. The WebAssembly memory it sorts in is
 * kept for the next call, so only the first sort of a size pays for fresh pages.
 */
export function makeSorter(wasm: Uint8Array): Sorter {
  const COUNTS = 8192
  let exports: { memory: { buffer: ArrayBuffer; grow(pages: number): number }; sort: (n: number, src: number, dst: number, counts: number) => number } | undefined
  return (values) => {
    const n = values.length
    if (n < 20_000) return values.sort()
    // counting: the smallest scale at which every value is a whole number of steps (−0 keeps its sign only on the radix path)
    const maxRange = Math.max(1 << 20, 2 * n)
    for (const scale of [1, 10, 100, 1000, 10_000, 100_000]) {
      const steps = wholeSteps(values, scale)
      if (steps === undefined) continue
      // a finer scale only widens the range
      if (steps.hi - steps.lo >= maxRange) break
      return countInto(values, scale, steps.lo, steps.hi)
    }
    return radix(values)
  }

  function radix(values: Float64Array): Float64Array {
    const n = values.length
    if (!exports) {
      // the global WebAssembly object (Node's type definitions leave it out)
      const wa = (globalThis as unknown as { WebAssembly: { Instance: new (m: unknown, i: object) => { exports: unknown }; Module: new (b: Uint8Array) => unknown } }).WebAssembly
      exports = new wa.Instance(new wa.Module(wasm), {}).exports as typeof exports
    }
    const memory = exports!.memory
    const need = 16 * n + COUNTS
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536))
    new Float64Array(memory.buffer, 0, n).set(values)
    const at = exports!.sort(n, 0, 8 * n, 16 * n)
    values.set(new Float64Array(memory.buffer, at, n))
    return values
  }

  /** The range of q = v · scale when every v is q / scale for a whole q. */
  function wholeSteps(values: Float64Array, scale: number): { lo: number; hi: number } | undefined {
    if (scale === 1) return wholeRange(values)
    let lo = Infinity
    let hi = -Infinity
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      const q = Math.round(v * scale)
      if (q / scale !== v || (v === 0 && 1 / v < 0)) return undefined
      if (q < lo) lo = q
      if (q > hi) hi = q
    }
    return { lo, hi }
  }

  /** wholeSteps at scale 1: no multiplication, no division. */
  function wholeRange(values: Float64Array): { lo: number; hi: number } | undefined {
    let lo = Infinity
    let hi = -Infinity
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (Math.round(v) !== v || (v === 0 && 1 / v < 0)) return undefined
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
    return { lo, hi }
  }

  function countInto(values: Float64Array, scale: number, lo: number, hi: number): Float64Array {
    const counts = new Uint32Array(hi - lo + 1)
    if (scale === 1) for (let k = 0; k < values.length; k++) counts[values[k] - lo]++
    else for (let k = 0; k < values.length; k++) counts[Math.round(values[k] * scale) - lo]++
    let o = 0
    for (let d = 0; d < counts.length; d++) {
      const v = (lo + d) / scale
      for (let c = counts[d]; c > 0; c--) values[o++] = v
    }
    return values
  }
}
