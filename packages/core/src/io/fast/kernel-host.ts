/** Per column: 0 = not read, 1 = number, 2 = text (hash, start, end). */
export type KernelKind = 0 | 1 | 2

export interface KernelHost {
  /** Bytes the chunk reader fills (a view of the kernel's memory). */
  data: Buffer
  /** Per column: f64 values (numbers) or [hash, start, end] triples (text), valid for the rows of the last call. */
  numbers: (Float64Array | undefined)[]
  texts: (Int32Array | undefined)[]
  status: Uint8Array[]
  /** Per number column, the sums of the last call: [count, shift, Σ(v − shift), Σ(v − shift)², min, max, empty, other, with point]. */
  sums: (Float64Array | undefined)[]
  maxRows: number
  /** Parses rows from data[pos, to); returns rows (≤ maxRows) or a negative code; `end()` is where it stopped. */
  parse(pos: number, to: number): number
  end(): number
}

/** Why the kernel stopped, by its negative result. */
export const KERNEL_ERRORS: Record<number, string> = { [-1]: 'ragged row', [-2]: 'extra cells', [-3]: 'quote runs past the range', [-4]: 'bare carriage return', [-5]: 'blank row' }

/**
 * Instantiates the CSV kernel (csv-kernel.wat) with a memory laid out for one file's columns:
 * the data area, the column tables, then each column's output and status arrays. Runs inside worker
 * threads from its source text, so it references nothing outside itself.
 */
export function kernelHost(wasm: Uint8Array, dataCap: number, kinds: KernelKind[], delimiter: number, maxRows: number): KernelHost {
  // the global WebAssembly object (Node's type definitions leave it out)
  const wa = (globalThis as unknown as { WebAssembly: { Instance: new (m: unknown, i: object) => { exports: unknown }; Module: new (b: Uint8Array) => unknown } }).WebAssembly
  const instance = new wa.Instance(new wa.Module(wasm), {})
  const exports = instance.exports as { memory: { buffer: ArrayBuffer; grow(pages: number): number }; parse: (...a: number[]) => number; end: () => number }
  const width = kinds.length
  const align = (n: number) => Math.ceil(n / 8) * 8
  let at = align(dataCap + 16)
  const kindsAt = at
  at += width * 4
  const outsAt = at
  at += width * 4
  const statsAt = at
  at += width * 4
  at = align(at)
  const powAt = at
  at += 23 * 8
  const sumsAt = at
  at += width * 128
  const outs: number[] = []
  const stats: number[] = []
  for (const k of kinds) {
    outs.push(at)
    at += k === 1 ? maxRows * 8 : k === 2 ? maxRows * 12 : 0
    stats.push(at)
    at += k === 0 ? 0 : align(maxRows)
  }
  const memory = exports.memory
  const pages = Math.ceil(at / 65536)
  if (pages > memory.buffer.byteLength / 65536) memory.grow(pages - memory.buffer.byteLength / 65536)
  const buffer = memory.buffer
  new Int32Array(buffer, kindsAt, width).set(kinds)
  new Int32Array(buffer, outsAt, width).set(outs)
  new Int32Array(buffer, statsAt, width).set(stats)
  const pow = new Float64Array(buffer, powAt, 23)
  for (let i = 0, p = 1; i < 23; i++, p *= 10) pow[i] = p
  const sumsAll = new Float64Array(buffer, sumsAt, width * 16)
  const numbered = kinds.map((k, j) => (k === 1 ? j : -1)).filter((j) => j >= 0)
  return {
    data: Buffer.from(buffer, 0, dataCap),
    numbers: kinds.map((k, j) => (k === 1 ? new Float64Array(buffer, outs[j], maxRows) : undefined)),
    texts: kinds.map((k, j) => (k === 2 ? new Int32Array(buffer, outs[j], maxRows * 3) : undefined)),
    status: kinds.map((k, j) => new Uint8Array(buffer, stats[j], k === 0 ? 0 : maxRows)),
    sums: kinds.map((k, j) => (k === 1 ? sumsAll.subarray(j * 16, j * 16 + 16) : undefined)),
    maxRows,
    parse: (pos, to) => {
      for (const j of numbered) {
        sumsAll.fill(0, j * 16, j * 16 + 16)
        sumsAll[j * 16 + 4] = Infinity
        sumsAll[j * 16 + 5] = -Infinity
      }
      return exports.parse(pos, to, width, delimiter, kindsAt, outsAt, statsAt, powAt, maxRows, sumsAt)
    },
    end: () => exports.end(),
  }
}
