import type { chunkReader } from '../../io/fast/chunk-reader.ts'
import type { byteTable } from '../../io/fast/byte-table.ts'
import type { cellSpan as cellSpanOf } from '../../io/fast/cell-span.ts'
import type { kernelHost } from '../../io/fast/kernel-host.ts'
import type { makeSorter as makeSorterOf } from '../../stats/sort.ts'
import type { ScanPlan } from './plan.ts'

/**
 * Body of a CSV scan worker. It runs from its own source text (`new Worker(source, { eval: true })`),
 * so it must not reference anything outside this function: no imports, no module constants;
 * `load` is the worker's own `require`.
 *
 * The worker checks byte ranges of one CSV file against a compiled plan without building a string
 * per cell: the WebAssembly kernel (csv-kernel.wat) splits rows, reads numbers from bytes and sums
 * them per column; a pass per column checks the rest, enum/pattern/boolean verdicts are remembered
 * per distinct byte sequence. It reports "dirty" on the first
 * irregularity of any kind; the caller then runs the exact row-by-row validator, which words the
 * errors. A clean scan is therefore the same verdict, only faster.
 */
export function scanWorker(
  load: (id: string) => any,
  makeReader: typeof chunkReader,
  makeKernel: typeof kernelHost,
  errors: Record<number, string>,
  makeSorter: typeof makeSorterOf,
  cellSpan: typeof cellSpanOf,
  makeTable: typeof byteTable,
): void {
  const { parentPort, workerData } = load('node:worker_threads')
  const fs = load('node:fs')
  const { isUtf8 } = load('node:buffer')
  const sortFloat64 = makeSorter(workerData.radix)
  // the plan comes in the first message
  parentPort.once('message', (first: { plan: ScanPlan }) => start(first.plan))

  function start(plan: ScanPlan): void {
    const SPECIAL: Record<string, number> = workerData.special
    const DECIMAL = new RegExp(plan.decimal)
    const KIND_SKIP = 0
    const KIND_INT = 1
    const KIND_NUM = 2
    const KIND_TEXT = 3
    const KIND_BOOL = 4

    class Dirty {
      constructor(readonly reason: string) {}
    }

    const delim = plan.delimiter
    const width = plan.width
    const cols = plan.columns
    const m = cols.length
    // file column → plan index, −1 when nothing is checked there
    const byIndex = new Int32Array(width).fill(-1)
    cols.forEach((c, k) => {
      byIndex[c.index] = k
    })
    const kind = Int8Array.from(cols, (c) => c.kind)
    const required = Uint8Array.from(cols, (c) => (c.required ? 1 : 0))
    const minimum = Float64Array.from(cols, (c) => c.minimum ?? NaN)
    const maximum = Float64Array.from(cols, (c) => c.maximum ?? NaN)
    const hasMin = Uint8Array.from(cols, (c) => (c.minimum === undefined ? 0 : 1))
    const hasMax = Uint8Array.from(cols, (c) => (c.maximum === undefined ? 0 : 1))
    const numEnums = cols.map((c) => (c.enumNumbers ? new Set(c.enumNumbers) : undefined))
    const missingTexts = cols.map((c) => (c.missingValues ? new Set(c.missingValues) : undefined))
    const unique = Uint8Array.from(cols, (c) => (c.unique ? 1 : 0))
    const wantValues = Uint8Array.from(cols, (c) => (c.values ? 1 : 0))
    const distinct = cols.map((c) => (c.distinct ? new Set<unknown>() : undefined))

    // profiles
    const present = new Float64Array(m)
    const missing = new Float64Array(m)
    const count = new Float64Array(m)
    const mean = new Float64Array(m)
    const m2 = new Float64Array(m)
    const min = new Float64Array(m).fill(Infinity)
    const max = new Float64Array(m).fill(-Infinity)
    const keys: Float64Array[] = cols.map((c) => new Float64Array(c.unique ? 1 << 16 : 0))
    const keyCount = new Int32Array(m)
    // unique keys that are integers in [0, 2^25) are marked in a bitset (a repeat is seen at once);
    // others are kept, sorted and merged by the caller
    const KEY_BITS = 1 << 25
    const keyBits: (Uint32Array | undefined)[] = cols.map(() => undefined)
    const values: Float64Array[] = cols.map((c) => new Float64Array(c.values ? 1 << 16 : 0))
    const valueCount = new Int32Array(m)

    // text verdicts, computed once per distinct byte sequence
    const textCheck = cols.map((c) => {
      if (c.kind === KIND_BOOL) {
        const yes = new Set(c.trueValues)
        const no = new Set(c.falseValues)
        return (s: string) => {
          const t = s.trim()
          return yes.has(t) || no.has(t)
        }
      }
      if (c.kind !== KIND_TEXT) return undefined
      const format = c.format ? new RegExp(c.format) : undefined
      const pattern = c.pattern ? new RegExp(c.pattern, 'u') : undefined
      const en = c.enumTexts ? new Set(c.enumTexts) : undefined
      const minLen = c.minLength
      const maxLen = c.maxLength
      if (!format && !pattern && !en && minLen === undefined && maxLen === undefined) return undefined
      return (s: string) => {
        if (format && !format.test(s)) return false
        if (minLen !== undefined || maxLen !== undefined) {
          const len = [...s].length
          if (minLen !== undefined && len < minLen) return false
          if (maxLen !== undefined && len > maxLen) return false
        }
        if (pattern && !pattern.test(s)) return false
        if (en && !en.has(s)) return false
        return true
      }
    })
    // verdicts remembered per byte sequence (only passing ones)
    const memo = cols.map((_, k) => (textCheck[k] ? makeTable(4096, false) : undefined))

    // the kernel reads numbers, hashes text, or skips, per file column
    const kernelKinds = Array.from({ length: width }, (_, j) => {
      const k = byIndex[j]
      if (k < 0) return 0 as const
      return (kind[k] === KIND_INT || kind[k] === KIND_NUM) && !missingTexts[k] ? (1 as const) : (2 as const)
    })
    const host = makeKernel(workerData.wasm, workerData.dataCap, kernelKinds, delim, 16384)
    let buf: Buffer = host.data
    const reader = makeReader(fs, plan.path, host.data)

    function text(s: number, e: number, escaped: boolean): string {
      const t = buf.toString('utf8', s, e)
      return escaped ? t.replaceAll('""', '"') : t
    }

    function grow(a: Float64Array, need = 0): Float64Array {
      const next = new Float64Array(Math.max(a.length * 2, need))
      next.set(a)
      return next
    }

    /** A 53-bit key of a text value, for unique checks (a collision only costs a slow re-check). */
    function textKey(t: string): number {
      const b = Buffer.from(t)
      let h1 = 0x811c9dc5
      let h2 = 0x9747b28c
      for (let p = 0; p < b.length; p++) {
        h1 = Math.imul(h1 ^ b[p], 0x01000193)
        h2 = Math.imul(h2 ^ b[p], 0x5bd1e995)
        h2 ^= h2 >>> 15
      }
      return (h1 >>> 0) * 2097152 + (h2 & 0x1fffff)
    }

    function verdict(k: number, s: number, e: number, escaped: boolean): boolean {
      if (escaped) return textCheck[k]!(text(s, e, true))
      return verdictHashed(k, s, e, memo[k]!.hash(buf, s, e))
    }

    function verdictHashed(k: number, s: number, e: number, h: number): boolean {
      const table = memo[k]!
      if (table.get(buf, s, e, h) !== undefined) return true
      const ok = textCheck[k]!(text(s, e, false))
      if (ok) table.set(buf, s, e, h, 1)
      return ok
    }

    /** Marks an integer key in the column's bitset; false when the key is not one for the bitset. */
    function markKey(k: number, v: number): boolean {
      if (!(v >= 0 && v < KEY_BITS) || v !== Math.floor(v)) return false
      const bits = (keyBits[k] ??= new Uint32Array(KEY_BITS >>> 5))
      const word = v >>> 5
      const bit = 1 << (v & 31)
      if (bits[word] & bit) throw new Dirty('repeated key')
      bits[word] |= bit
      return true
    }

    function addNumber(k: number, v: number): void {
      if (hasMin[k] === 1 && v - minimum[k] < 0) throw new Dirty('below minimum')
      if (hasMax[k] === 1 && v - maximum[k] > 0) throw new Dirty('above maximum')
      const en = numEnums[k]
      if (en !== undefined && !en.has(v === 0 ? 0 : v)) throw new Dirty('not in enum')
      present[k]++
      if (unique[k] === 1 && !markKey(k, v)) {
        if (keyCount[k] === keys[k].length) keys[k] = grow(keys[k])
        keys[k][keyCount[k]++] = v
      }
      distinct[k]?.add(v === 0 ? 0 : v)
      if (v - v !== 0) return // NaN and ±Infinity are values, not statistics
      const n = ++count[k]
      const d = v - mean[k]
      mean[k] += d / n
      m2[k] += d * (v - mean[k])
      if (v < min[k]) min[k] = v
      if (v > max[k]) max[k] = v
      if (wantValues[k] === 1) {
        if (valueCount[k] === values[k].length) values[k] = grow(values[k])
        values[k][valueCount[k]++] = v
      }
    }

    function parseInteger(s: number, e: number): number {
      let p = s
      let neg = false
      if (p < e && (buf[p] === 45 || buf[p] === 43)) neg = buf[p++] === 45
      if (p === e || e - p > 15) throw new Dirty('integer out of the fast path')
      let v = 0
      for (; p < e; p++) {
        const c = buf[p]
        if (c < 48 || c > 57) throw new Dirty('not an integer')
        v = v * 10 + (c - 48)
      }
      return neg ? -v : v
    }

    /** A cell the kernel left over (quoted, padded, exponent, …): the row validator's caster, on its text. */
    function parseNumber(s: number, e: number, escaped: boolean): number {
      // the row validator's caster: the decimal grammar on the trimmed text, then the special spellings
      const t = text(s, e, escaped).trim()
      if (DECIMAL.test(t)) return Number(t)
      if (Object.hasOwn(SPECIAL, t)) return SPECIAL[t]
      throw new Dirty('not a number')
    }

    function isMissing(k: number, s: number, e: number, escaped: boolean): boolean {
      if (s === e) return true
      const set = missingTexts[k]
      return set !== undefined && set.has(text(s, e, escaped))
    }

    function cell(j: number, s: number, e: number, escaped: boolean): void {
      const k = j < width ? byIndex[j] : -1
      if (k < 0) return
      if (s === e || (missingTexts[k] !== undefined && isMissing(k, s, e, escaped))) {
        if (required[k] === 1) throw new Dirty('required cell is empty')
        missing[k]++
        return
      }
      switch (kind[k]) {
        case KIND_INT:
          return addNumber(k, parseInteger(s, e))
        case KIND_NUM:
          return addNumber(k, parseNumber(s, e, escaped))
        case KIND_TEXT:
        case KIND_BOOL: {
          if (textCheck[k] !== undefined && !verdict(k, s, e, escaped)) throw new Dirty('text constraint')
          present[k]++
          if (unique[k] === 1 || distinct[k] !== undefined) {
            const t = text(s, e, escaped)
            if (unique[k] === 1) {
              if (keyCount[k] === keys[k].length) keys[k] = grow(keys[k])
              keys[k][keyCount[k]++] = textKey(t)
            }
            distinct[k]?.add(t)
          }
          return
        }
        case KIND_SKIP:
          present[k]++
      }
    }

    /** The cell of column j that starts at `s` (quoted or not): checked by the general cell handler. */
    function cellAt(j: number, s: number): void {
      const span = cellSpan(buf, s, delim)
      if (!span) throw new Dirty('quote runs past the range')
      cell(j, span[0], span[1], span[2] === 1)
    }

    function dirty(reason: string): never {
      throw new Dirty(reason)
    }

    /** Folds shifted sums of a column into the worker's running profile (Chan et al.). */
    function flush(k: number, n: number, shift: number, s1: number, s2: number, lo: number, hi: number): void {
      present[k] += n
      if (n > 0) {
        const mb = shift + s1 / n
        const m2b = Math.max(0, s2 - (s1 * s1) / n)
        const na = count[k]
        const total = na + n
        const delta = mb - mean[k]
        mean[k] += (delta * n) / total
        m2[k] += m2b + (delta * delta * na * n) / total
        count[k] = total
      }
      if (lo < min[k]) min[k] = lo
      if (hi > max[k]) max[k] = hi
    }

    /**
     * Numbers of column k in the last `rows` rows: the kernel summed them (count, moments, extremes,
     * empties); values are visited one by one only for an enum, unique keys, kept values, or cells
     * the kernel left to the general handler.
     */
    function numberPass(k: number, rows: number): void {
      const j = cols[k].index
      const sums = host.sums[j]!
      const n = sums[0]
      if (kind[k] === KIND_INT && sums[8] > 0) dirty('not an integer')
      if (sums[6] > 0) {
        if (required[k] === 1) dirty('required cell is empty')
        missing[k] += sums[6]
      }
      if (n > 0) {
        if (hasMin[k] === 1 && sums[4] < minimum[k]) dirty('below minimum')
        if (hasMax[k] === 1 && sums[5] > maximum[k]) dirty('above maximum')
        flush(k, n, sums[1], sums[2], sums[3], sums[4], sums[5])
      }
      const en = numEnums[k]
      const uniq = unique[k] === 1
      const keep = wantValues[k] === 1
      const dist = distinct[k]
      if (en === undefined && !uniq && !keep && dist === undefined && sums[7] === 0) return
      const vals = host.numbers[j]!
      const st = host.status[j]
      if (uniq && keyCount[k] + rows > keys[k].length) keys[k] = grow(keys[k], keyCount[k] + rows)
      if (keep && valueCount[k] + rows > values[k].length) values[k] = grow(values[k], valueCount[k] + rows)
      const K = keys[k]
      const V = values[k]
      let kc = keyCount[k]
      let vc = valueCount[k]
      for (let i = 0; i < rows; i++) {
        const s = st[i]
        if (s === 0 || s === 3) {
          const v = vals[i]
          if (en !== undefined && !en.has(v)) dirty('not in enum')
          if (uniq && !markKey(k, v)) K[kc++] = v
          if (keep) V[vc++] = v
          if (dist !== undefined) dist.add(v === 0 ? 0 : v)
        } else if (s === 2) {
          keyCount[k] = kc
          valueCount[k] = vc
          cellAt(j, vals[i])
          kc = keyCount[k]
          vc = valueCount[k]
        }
      }
      keyCount[k] = kc
      valueCount[k] = vc
    }

    /**
     * Text cells of column k: the kernel knows byte sequences seen before (all of them passed), so
     * only new sequences, quoted cells and unique/distinct columns are visited one by one.
     */
    function textPass(k: number, rows: number): void {
      const j = cols[k].index
      const sums = host.sums[j]!
      if (sums[6] > 0) {
        if (required[k] === 1) dirty('required cell is empty')
        missing[k] += sums[6]
      }
      const extra = unique[k] === 1 || distinct[k] !== undefined
      if (!extra && sums[7] === 0 && sums[9] === 0) {
        present[k] += sums[0]
        return
      }
      const t = host.texts[j]!
      const st = host.status[j]
      const check = textCheck[k] !== undefined
      let pr = 0
      for (let i = 0; i < rows; i++) {
        const s = st[i]
        if (s === 0 || s === 4) {
          const a = t[4 * i + 1]
          const e = t[4 * i + 2]
          if (s === 4) {
            if (check && !verdictHashed(k, a, e, t[4 * i])) dirty('text constraint')
            host.remember(j, a, e, t[4 * i], 1)
          }
          pr++
          if (extra) textExtra(k, a, e)
        } else if (s === 2) cellAt(j, t[4 * i + 1])
      }
      present[k] += pr
    }

    /** Columns with their own missing-value spellings, or of type any: every cell through the general handler. */
    function generalPass(k: number, rows: number): void {
      const j = cols[k].index
      const t = host.texts[j]!
      const st = host.status[j]
      for (let i = 0; i < rows; i++) {
        const s = st[i]
        if (s === 0 || s === 4) cell(j, t[4 * i + 1], t[4 * i + 2], false)
        else if (s === 1) cell(j, 0, 0, false)
        else cellAt(j, t[4 * i + 1])
      }
    }

    const passes = cols.map((c, k) => (kernelKinds[c.index] === 1 ? numberPass : missingTexts[k] !== undefined || kind[k] === KIND_SKIP ? generalPass : textPass))

    function textExtra(k: number, s: number, e: number): void {
      const t = text(s, e, false)
      if (unique[k] === 1) {
        if (keyCount[k] === keys[k].length) keys[k] = grow(keys[k])
        keys[k][keyCount[k]++] = textKey(t)
      }
      distinct[k]?.add(t)
    }

    /** Rows of data[from, to): the kernel splits and reads them, the passes check them. */
    function parseRange(from: number, to: number): number {
      let pos = from
      let rows = 0
      while (pos < to) {
        const n = host.parse(pos, to)
        if (n < 0) dirty(errors[n] ?? 'kernel error')
        for (let k = 0; k < m; k++) passes[k](k, n)
        rows += n
        pos = host.end()
      }
      if (pos !== to) dirty('chunk boundary inside a quoted field')
      return rows
    }

    parentPort.on('message', (msg: { chunk: number; from: number; to: number; first: boolean; size: number } | { done: true }) => {
      if ('done' in msg) {
        const transfer: ArrayBuffer[] = []
        const columns = cols.map((_, k) => {
          // unique keys travel sorted (NaN counted apart, −0 as 0): the caller only merges the runs
          const key = keys[k].subarray(0, keyCount[k])
          let nanKeys = 0
          let n = 0
          for (let i = 0; i < key.length; i++) {
            const v = key[i]
            if (v !== v) nanKeys++
            else key[n++] = v === 0 ? 0 : v
          }
          const run = sortFloat64(key.slice(0, n))
          const vals = values[k].slice(0, valueCount[k])
          transfer.push(run.buffer as ArrayBuffer, vals.buffer)
          const bits = keyBits[k]
          if (bits) transfer.push(bits.buffer as ArrayBuffer)
          return {
            present: present[k],
            missing: missing[k],
            count: count[k],
            mean: mean[k],
            m2: m2[k],
            min: min[k],
            max: max[k],
            keyRuns: key.length ? [run] : [],
            nanKeys,
            keyBits: bits ? [bits] : [],
            values: vals,
            distinct: distinct[k] ? [...distinct[k]!] : undefined,
          }
        })
        reader.close()
        parentPort.postMessage({ done: true, columns }, transfer)
        return
      }
      try {
        const chunk = reader.load(msg)
        if (chunk.empty) {
          parentPort.postMessage({ chunk: msg.chunk, rows: 0, start: chunk.start, end: chunk.end })
          return
        }
        const { area, offset, length } = chunk
        if (!isUtf8(area.subarray(offset, length))) throw new Dirty('invalid UTF-8')
        buf = area.subarray(0, length)
        const rows = parseRange(offset, length)
        parentPort.postMessage({ chunk: msg.chunk, rows, start: chunk.start, end: chunk.end })
      } catch (e) {
        if (e instanceof Dirty) parentPort.postMessage({ chunk: msg.chunk, dirty: e.reason })
        else if ((e as Error)?.message === 'mlgate: row too long') parentPort.postMessage({ chunk: msg.chunk, dirty: 'a row longer than the read buffer' })
        else parentPort.postMessage({ chunk: msg.chunk, failed: String((e as Error)?.stack ?? e) })
      }
    })
  }
}
