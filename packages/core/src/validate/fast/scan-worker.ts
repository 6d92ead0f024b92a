import type { chunkReader } from '../../io/fast/chunk-reader.ts'
import type { ScanPlan } from './plan.ts'

/**
 * Body of a CSV scan worker. It runs from its own source text (`new Worker(source, { eval: true })`),
 * so it must not reference anything outside this function: no imports, no module constants;
 * `load` is the worker's own `require`.
 *
 * The worker checks byte ranges of one CSV file against a compiled plan without building a string
 * per cell: numbers are parsed from bytes, enum/pattern/boolean verdicts are remembered per distinct
 * byte sequence, and profiles are accumulated in typed arrays. It reports "dirty" on the first
 * irregularity of any kind; the caller then runs the exact row-by-row validator, which words the
 * errors. A clean scan is therefore the same verdict, only faster.
 */
export function scanWorker(load: (id: string) => any, makeReader: typeof chunkReader): void {
  const { parentPort, workerData } = load('node:worker_threads')
  const fs = load('node:fs')
  const { isUtf8 } = load('node:buffer')
  const plan = workerData as ScanPlan

  const LF = 10
  const CR = 13
  const QUOTE = 34
  const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]
  const SPECIAL: Record<string, number> = { NaN: NaN, nan: NaN, INF: Infinity, '+INF': Infinity, inf: Infinity, Infinity: Infinity, '-INF': -Infinity, '-inf': -Infinity, '-Infinity': -Infinity }
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
  const MEMO = 4096
  const memoHash = cols.map((_, k) => (textCheck[k] ? new Int32Array(MEMO) : new Int32Array(0)))
  const memoLen = cols.map((_, k) => (textCheck[k] ? new Int32Array(MEMO).fill(-1) : new Int32Array(0)))
  const memoOff = cols.map((_, k) => (textCheck[k] ? new Int32Array(MEMO) : new Int32Array(0)))
  const memoArena = cols.map((_, k) => (textCheck[k] ? new Uint8Array(1 << 16) : new Uint8Array(0)))
  const memoUsed = new Int32Array(m)
  const memoArenaUsed = new Int32Array(m)

  let buf: Buffer = Buffer.alloc(0)
  const reader = makeReader(fs, plan.path)

  function text(s: number, e: number, escaped: boolean): string {
    const t = buf.toString('utf8', s, e)
    return escaped ? t.replaceAll('""', '"') : t
  }

  function grow(a: Float64Array): Float64Array {
    const next = new Float64Array(a.length * 2)
    next.set(a)
    return next
  }

  function hash(s: number, e: number): number {
    let h = 0x811c9dc5
    for (let p = s; p < e; p++) h = Math.imul(h ^ buf[p], 0x01000193)
    return h
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
    return verdictHashed(k, s, e, hash(s, e))
  }

  function verdictHashed(k: number, s: number, e: number, h: number): boolean {
    const check = textCheck[k]!
    const len = e - s
    const hashes = memoHash[k]
    const lens = memoLen[k]
    let i = h & (MEMO - 1)
    for (;;) {
      const l = lens[i]
      if (l === -1) break
      if (l === len && hashes[i] === h) {
        const arena = memoArena[k]
        let o = memoOff[k][i]
        let p = s
        while (p < e && arena[o] === buf[p]) {
          o++
          p++
        }
        if (p === e) return true // only passing values are remembered
      }
      i = (i + 1) & (MEMO - 1)
    }
    const ok = check(text(s, e, false))
    if (ok && memoUsed[k] < MEMO / 2) {
      let arena = memoArena[k]
      if (memoArenaUsed[k] + len > arena.length) {
        if (len > 4096) return ok
        const next = new Uint8Array(arena.length * 2)
        next.set(arena)
        memoArena[k] = arena = next
      }
      buf.copy(arena, memoArenaUsed[k], s, e)
      hashes[i] = h
      lens[i] = len
      memoOff[k][i] = memoArenaUsed[k]
      memoArenaUsed[k] += len
      memoUsed[k]++
    }
    return ok
  }

  function addNumber(k: number, v: number): void {
    if (hasMin[k] === 1 && v - minimum[k] < 0) throw new Dirty('below minimum')
    if (hasMax[k] === 1 && v - maximum[k] > 0) throw new Dirty('above maximum')
    const en = numEnums[k]
    if (en !== undefined && !en.has(v === 0 ? 0 : v)) throw new Dirty('not in enum')
    present[k]++
    if (unique[k] === 1) {
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

  function parseNumber(s: number, e: number, escaped: boolean): number {
    let p = s
    let neg = false
    let c = buf[p]
    if (c === 45 || c === 43) {
      neg = c === 45
      p++
    }
    let mant = 0
    let digits = 0
    let frac = 0
    let any = false
    while (p < e && (c = buf[p]) >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48)
      digits++
      p++
      any = true
    }
    if (p < e && buf[p] === 46) {
      p++
      while (p < e && (c = buf[p]) >= 48 && c <= 57) {
        mant = mant * 10 + (c - 48)
        digits++
        frac++
        p++
        any = true
      }
    }
    if (p === e && any && digits <= 15 && frac <= 22) {
      const v = frac === 0 ? mant : mant / POW10[frac]
      return neg ? -v : v
    }
    // the row validator's caster: Number() of the trimmed text, then the special spellings
    const t = text(s, e, escaped).trim()
    const n = t === '' ? NaN : Number(t)
    if (n === n) return n
    if (t in SPECIAL) return SPECIAL[t]
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

  /** A quoted field at `pos`: checked by the cell handler; returns the position after the field. */
  function quoted(j: number, pos: number): number {
    const n = buf.length
    const s = ++pos
    let escaped = false
    for (;;) {
      if (pos >= n) throw new Dirty('quote runs past the range')
      const c = buf[pos]
      if (c === QUOTE) {
        if (pos + 1 < n && buf[pos + 1] === QUOTE) {
          escaped = true
          pos += 2
          continue
        }
        break
      }
      pos++
    }
    const e = pos++
    // bytes between the closing quote and the delimiter are dropped by the row reader
    while (pos < n && buf[pos] !== delim && buf[pos] !== LF && buf[pos] !== CR) pos++
    cell(j, s, e, escaped)
    return pos
  }

  function dirty(reason: string): never {
    throw new Dirty(reason)
  }

  /** Folds one chunk's shifted sums of a column into the worker's running profile (Chan et al.). */
  function flush(k: number, pr: number, n: number, shift: number, s1: number, s2: number, lo: number, hi: number): void {
    present[k] += pr
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
   * Generates the row parser for this file's columns: one straight-line block per column with its
   * checks and accumulators as local variables. Anything unusual in a cell (quotes, missing values,
   * spellings outside the fast grammar) goes through the general cell handler.
   */
  function generate(): (b: Buffer, from: number, to: number) => number {
    const D = delim
    const END = `(c === ${D} || c === 10 || c === 13)`
    const lit = (v: number) => (Object.is(v, -0) ? '-0' : String(v))
    const decl: string[] = ['let c = 0, s = 0, d = 0, v = 0, h = 0, t = 0, fr = 0, nd = 0']
    const after: string[] = []
    const cols: string[] = []
    for (let j = 0; j < width; j++) {
      const k = byIndex[j]
      // the general handler writes the column's arrays itself: hand it the locals and take them back
      let out = ''
      let back = ''
      const head = () => `c = buf[pos]\nif (c === 34) { ${out}pos = quoted(${j}, pos)${back} }\n`
      const scan = `while (c !== ${D} && c !== 10 && c !== 13) c = buf[++pos]`
      if (k < 0) {
        cols.push(`${head()}else ${scan}`)
        continue
      }
      const kd = kind[k]
      const general = `else { s = pos; ${scan}; cell(${j}, s, pos, false) }`
      if (missingTexts[k] !== undefined || kd === KIND_SKIP) {
        cols.push(`${head()}${general}`)
        continue
      }
      decl.push(`let pr${k} = 0`)
      after.push(`present[${k}] += pr${k}`)
      if (kd === KIND_INT || kd === KIND_NUM) {
        decl.push(`let n${k} = 0, sh${k} = -0, a${k} = -0, q${k} = -0, lo${k} = Infinity, hi${k} = -Infinity`)
        after.pop()
        after.push(`flush(${k}, pr${k}, n${k}, sh${k}, a${k}, q${k}, lo${k}, hi${k})`)
        const checks: string[] = []
        if (hasMin[k] === 1) checks.push(`if (v < ${lit(minimum[k])}) dirty('below minimum')`)
        if (hasMax[k] === 1) checks.push(`if (v > ${lit(maximum[k])}) dirty('above maximum')`)
        const en = numEnums[k]
        if (en) checks.push(en.size <= 8 ? `if (${[...en].map((x) => `v !== ${lit(x)}`).join(' && ') || 'true'}) dirty('not in enum')` : `if (!numEnums[${k}].has(v)) dirty('not in enum')`)
        checks.push(`pr${k}++`)
        if (unique[k] === 1) {
          decl.push(`let K${k} = keys[${k}], kc${k} = keyCount[${k}]`)
          after.push(`keys[${k}] = K${k}; keyCount[${k}] = kc${k}`)
          out += `keys[${k}] = K${k}; keyCount[${k}] = kc${k}; `
          back += `; K${k} = keys[${k}]; kc${k} = keyCount[${k}]`
          checks.push(`if (kc${k} === K${k}.length) K${k} = grow(K${k}); K${k}[kc${k}++] = v`)
        }
        if (distinct[k]) checks.push(`distinct[${k}].add(v === 0 ? 0 : v)`)
        checks.push(`if (n${k} === 0) sh${k} = v`, `t = v - sh${k}; a${k} += t; q${k} += t * t; n${k}++`, `if (v < lo${k}) lo${k} = v`, `if (v > hi${k}) hi${k} = v`)
        if (wantValues[k] === 1) {
          decl.push(`let V${k} = values[${k}], vc${k} = valueCount[${k}]`)
          after.push(`values[${k}] = V${k}; valueCount[${k}] = vc${k}`)
          out += `values[${k}] = V${k}; valueCount[${k}] = vc${k}; `
          back += `; V${k} = values[${k}]; vc${k} = valueCount[${k}]`
          checks.push(`if (vc${k} === V${k}.length) V${k} = grow(V${k}); V${k}[vc${k}++] = v`)
        }
        const digits = `while (c >= 48 && c <= 57) { v = v * 10 + (c - 48); c = buf[++pos] }`
        const parse =
          kd === KIND_INT
            ? `d = pos; v = 0\n${digits}\nnd = pos - d; fr = 0`
            : `d = pos; v = 0\n${digits}\nnd = pos - d; fr = 0\nif (c === 46) { c = buf[++pos]; d = pos; ${digits}; fr = pos - d; nd += fr }`
        cols.push(
          `${head()}else {\ns = pos\nif (c === 45 || c === 43) c = buf[++pos]\n${parse}\n` +
            `if (${END} && nd > 0 && nd <= 15) {\nif (fr > 0) v = v / POW10[fr]\nif (buf[s] === 45) v = -v\n${checks.join('\n')}\n} else { ${scan}; ${out}cell(${j}, s, pos, false)${back} }\n}`,
        )
        continue
      }
      // text and boolean
      const extra: string[] = [`pr${k}++`]
      if (unique[k] === 1 || distinct[k]) extra.push(`textExtra(${k}, s, pos)`)
      const check = textCheck[k] !== undefined
      const loop = check ? `h = -2128831035\ndo { h = Math.imul(h ^ c, 16777619); c = buf[++pos] } while (c !== ${D} && c !== 10 && c !== 13)\nif (!memo(${k}, s, pos, h)) dirty('text constraint')` : `do { c = buf[++pos] } while (c !== ${D} && c !== 10 && c !== 13)`
      cols.push(`${head()}else if (${END}) cell(${j}, pos, pos, false)\nelse {\ns = pos\n${loop}\n${extra.join('\n')}\n}`)
    }
    const rowCode: string[] = []
    cols.forEach((code, j) => {
      rowCode.push(code, 'c = buf[pos]')
      if (j < width - 1) rowCode.push(`if (c !== ${D}) dirty('ragged row')`, 'pos++')
    })
    if (width === 1) rowCode.push(`if (pos === r0 || (pos === r0 + 2 && buf[r0] === 34)) dirty('blank row')`)
    rowCode.push(`if (c === 10) pos++\nelse if (c === 13 && buf[pos + 1] === 10) pos += 2\nelse dirty(c === ${D} ? 'extra cells' : 'bare carriage return')`, 'rows++')
    const source = `let buf\nreturn function parseRange(b, pos, to) {\nbuf = b\nsetBuffer(b)\nlet rows = 0, r0 = 0\n${decl.join('\n')}\nwhile (pos < to) {\nr0 = pos\n${rowCode.join('\n')}\n}\n${after.join('\n')}\nif (pos !== to) dirty('chunk boundary inside a quoted field')\nreturn rows\n}`
    const helpers = { quoted, cell, dirty, memo, textExtra, flush, grow, setBuffer, POW10, present, keys, keyCount, values, valueCount, numEnums, distinct }
    return new Function(...Object.keys(helpers), source)(...Object.values(helpers))
  }

  function setBuffer(b: Buffer): void {
    buf = b
  }

  function memo(k: number, s: number, e: number, h: number): boolean {
    return verdictHashed(k, s, e, h)
  }

  function textExtra(k: number, s: number, e: number): void {
    const t = text(s, e, false)
    if (unique[k] === 1) {
      if (keyCount[k] === keys[k].length) keys[k] = grow(keys[k])
      keys[k][keyCount[k]++] = textKey(t)
    }
    distinct[k]?.add(t)
  }

  const parseRange = generate()
  let warm = false

  /** Clears every accumulator (after the warm-up rows). */
  function reset(): void {
    for (const a of [present, missing, count, mean, m2, keyCount, valueCount]) a.fill(0)
    min.fill(Infinity)
    max.fill(-Infinity)
    cols.forEach((c, k) => {
      keys[k] = new Float64Array(c.unique ? 1 << 16 : 0)
      values[k] = new Float64Array(c.values ? 1 << 16 : 0)
      distinct[k]?.clear()
    })
  }

  /**
   * Runs the generated parser over the chunk's first rows and over variants of its first row that
   * take every side path (empty, quoted, padded cells; growing arrays), then clears the results.
   * The optimizing compiler then sees complete type feedback once, instead of compiling, hitting
   * an untried path, and compiling again.
   */
  function warmUp(data: Buffer, from: number, to: number): void {
    let end = from
    for (let r = 0; r < 64 && end < to; r++) {
      const i = data.indexOf(LF, end)
      if (i < 0 || i >= to) break
      end = i + 1
    }
    if (end === from) return
    const samples: Buffer[] = [Buffer.from(data.subarray(from, end))]
    const firstRow = data.toString('latin1', from, data.indexOf(LF, from)).replace(/\r$/, '')
    const cells = firstRow.split(String.fromCharCode(delim))
    if (!firstRow.includes('"') && cells.length === width)
      for (let j = 0; j < width; j++)
        for (const variant of ['', `"${cells[j]}"`, ` ${cells[j]}`, `${cells[j]}x`, '-987654321098', '98765432109.8765', '-0'])
          samples.push(Buffer.from(`${cells.map((c, i) => (i === j ? variant : c)).join(String.fromCharCode(delim))}\n`, 'latin1'))
    cols.forEach((c, k) => {
      keys[k] = new Float64Array(c.unique ? 1 : 0)
      values[k] = new Float64Array(c.values ? 1 : 0)
    })
    // long numbers first, so that no arithmetic is ever speculated to stay small
    samples.reverse()
    for (let round = 0; round < 2; round++)
      for (const b of samples)
        try {
          parseRange(b, 0, b.length)
        } catch {
          // a variant may well be invalid: only the paths it took matter
        }
    reset()
  }

  parentPort.on('message', (msg: { chunk: number; from: number; to: number; first: boolean; size: number } | { done: true }) => {
    if ('done' in msg) {
      const transfer: ArrayBuffer[] = []
      const columns = cols.map((_, k) => {
        const key = keys[k].slice(0, keyCount[k])
        const vals = values[k].slice(0, valueCount[k])
        transfer.push(key.buffer, vals.buffer)
        return { present: present[k], missing: missing[k], count: count[k], mean: mean[k], m2: m2[k], min: min[k], max: max[k], keys: key, values: vals, distinct: distinct[k] ? [...distinct[k]!] : undefined }
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
      if (!warm) {
        warm = true
        warmUp(area, offset, length)
      }
      const rows = parseRange(area.subarray(0, length), offset, length)
      parentPort.postMessage({ chunk: msg.chunk, rows, start: chunk.start, end: chunk.end })
    } catch (e) {
      if (e instanceof Dirty) parentPort.postMessage({ chunk: msg.chunk, dirty: e.reason })
      else parentPort.postMessage({ chunk: msg.chunk, failed: String((e as Error)?.stack ?? e) })
    }
  })
}
