import type { chunkReader } from './chunk-reader.ts'

/** Columns a worker builds from one file: numbers as Float64Array (NaN missing), text as dictionary codes (−1 missing). */
export interface ColumnPlan {
  path: string
  delimiter: number
  width: number
  columns: { index: number; numeric: boolean }[]
}

/** One chunk's columns; text codes refer to the worker's dictionary of that column (`words`, new entries only). */
export interface ChunkColumns {
  job: number
  chunk: number
  rows: number
  start: number
  end: number
  worker: number
  values: (Float64Array | Int32Array)[]
  /** Per column: entries added to the worker's dictionary by this chunk, in code order. */
  words: (string[] | undefined)[]
  /** Per numeric column: 0 when a present value was not an integer. */
  integer: number[]
  present: number[]
}

/**
 * Body of a column-reading worker, run from its own source text: it must not reference anything
 * outside this function. It serves jobs (one per file) chunk by chunk, with a row parser generated
 * per column layout and kept across jobs, so a second file with the same columns runs optimized code.
 * A numeric column that meets text, or a ragged row, makes the chunk "dirty": the caller then reads
 * the file with the row reader, which decides those cases.
 */
export function columnWorker(load: (id: string) => any, makeReader: typeof chunkReader, workerId: number, sortFloat64: (values: Float64Array) => Float64Array): void {
  const { parentPort } = load('node:worker_threads')
  const fs = load('node:fs')
  const { isUtf8 } = load('node:buffer')
  const LF = 10
  const CR = 13
  const QUOTE = 34
  const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]
  const MISSING = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '-'])

  class Dirty {
    constructor(readonly reason: string) {}
  }

  /** Byte-sequence → code tables of the text columns of one job, growing as values appear. */
  class Dictionary {
    size = 1024
    hashes = new Int32Array(1024)
    lens = new Int32Array(1024).fill(-1)
    offs = new Int32Array(1024)
    codes = new Int32Array(1024)
    arena = new Uint8Array(1 << 16)
    arenaUsed = 0
    used = 0
    words: string[] = []
    fresh: string[] = []
    index = new Map<string, number>()
  }

  interface Job {
    plan: ColumnPlan
    reader: ReturnType<typeof chunkReader>
    parse: (b: Buffer, pos: number, to: number, st: ChunkState) => number
    dicts: (Dictionary | undefined)[]
  }

  /** The chunk being parsed: output arrays (replaced when they grow), flags and counts. */
  interface ChunkState {
    out: (Float64Array | Int32Array)[]
    cap: number
    integer: number[]
    present: number[]
  }

  const jobs = new Map<number, Job>()
  const parsers = new Map<string, Job['parse']>()
  let buf: Buffer = Buffer.alloc(0)
  let dicts: (Dictionary | undefined)[] = []
  let out: (Float64Array | Int32Array)[] = []
  let integer: number[] = []
  let present: number[] = []
  let planCols: ColumnPlan['columns'] = []

  function dirty(reason: string): never {
    throw new Dirty(reason)
  }

  function text(s: number, e: number, escaped: boolean): string {
    const t = buf.toString('utf8', s, e)
    return escaped ? t.replaceAll('""', '"') : t
  }

  /** Code of a text value: the dictionary's, or a new one; −1 for a missing spelling. */
  function codeOfText(k: number, t: string): number {
    if (MISSING.has(t) || t.trim() === '') return -1
    const d = dicts[k]!
    let c = d.index.get(t)
    if (c === undefined) {
      c = d.words.length
      d.words.push(t)
      d.fresh.push(t)
      d.index.set(t, c)
    }
    return c
  }

  /** Code of the bytes [s, e) with FNV hash h, remembered per byte sequence. */
  function codeOf(k: number, s: number, e: number, h: number): number {
    const d = dicts[k]!
    const len = e - s
    let i = h & (d.size - 1)
    for (;;) {
      const l = d.lens[i]
      if (l === -1) break
      if (l === len && d.hashes[i] === h) {
        let o = d.offs[i]
        let p = s
        while (p < e && d.arena[o] === buf[p]) {
          o++
          p++
        }
        if (p === e) return d.codes[i]
      }
      i = (i + 1) & (d.size - 1)
    }
    const code = codeOfText(k, text(s, e, false))
    if (d.arenaUsed + len > d.arena.length) {
      const next = new Uint8Array(Math.max(d.arena.length * 2, d.arenaUsed + len))
      next.set(d.arena)
      d.arena = next
    }
    buf.copy(d.arena, d.arenaUsed, s, e)
    d.hashes[i] = h
    d.lens[i] = len
    d.offs[i] = d.arenaUsed
    d.codes[i] = code
    d.arenaUsed += len
    if (++d.used * 2 > d.size) rehash(d)
    return code
  }

  function rehash(d: Dictionary): void {
    const { hashes, lens, offs, codes } = d
    d.size *= 2
    d.hashes = new Int32Array(d.size)
    d.lens = new Int32Array(d.size).fill(-1)
    d.offs = new Int32Array(d.size)
    d.codes = new Int32Array(d.size)
    for (let i = 0; i < lens.length; i++) {
      if (lens[i] === -1) continue
      let j = hashes[i] & (d.size - 1)
      while (d.lens[j] !== -1) j = (j + 1) & (d.size - 1)
      d.hashes[j] = hashes[i]
      d.lens[j] = lens[i]
      d.offs[j] = offs[i]
      d.codes[j] = codes[i]
    }
  }

  /** A number spelled outside the fast grammar, or a missing spelling; text makes the chunk dirty. */
  function slowNumber(k: number, s: number, e: number, escaped: boolean): number {
    const t = text(s, e, escaped)
    const trimmed = t.trim()
    const n = trimmed === '' ? NaN : Number(trimmed)
    if (n === n) {
      present[k]++
      if (!Number.isInteger(n)) integer[k] = 0
      return n
    }
    if (MISSING.has(t) || trimmed === '') return NaN
    return dirty(`text '${t.slice(0, 20)}' in a numeric column`)
  }

  /** A quoted cell of column j at pos; stores its value in row `row`; returns the position after it. */
  function quoted(j: number, pos: number, row: number): number {
    const n = buf.length
    const s = ++pos
    let escaped = false
    for (;;) {
      if (pos >= n) dirty('quote runs past the range')
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
    while (pos < n && buf[pos] !== planDelim && buf[pos] !== LF && buf[pos] !== CR) pos++
    const k = byIndex[j]
    if (k >= 0) {
      if (planCols[k].numeric) (out[k] as Float64Array)[row] = s === e ? NaN : slowNumber(k, s, e, escaped)
      else (out[k] as Int32Array)[row] = s === e ? -1 : codeOfText(k, text(s, e, escaped))
    }
    return pos
  }

  let byIndex = new Int32Array(0)
  let planDelim = 44

  function generate(plan: ColumnPlan): Job['parse'] {
    const D = plan.delimiter
    const END = `(c === ${D} || c === 10 || c === 13)`
    const decl: string[] = ['let c = 0, s = 0, d = 0, v = 0, h = 0, fr = 0, nd = 0']
    const begin: string[] = []
    const regrab: string[] = []
    const after: string[] = []
    const cols: string[] = []
    const index = new Int32Array(plan.width).fill(-1)
    plan.columns.forEach((c, k) => {
      index[c.index] = k
    })
    for (let j = 0; j < plan.width; j++) {
      const k = index[j]
      const head = `c = buf[pos]\nif (c === 34) pos = quoted(${j}, pos, rows)\n`
      const scan = `while (c !== ${D} && c !== 10 && c !== 13) c = buf[++pos]`
      if (k < 0) {
        cols.push(`${head}else ${scan}`)
        continue
      }
      if (plan.columns[k].numeric) {
        begin.push(`let O${k} = st.out[${k}], it${k} = 1, pr${k} = 0`)
        regrab.push(`O${k} = st.out[${k}]`)
        after.push(`if (it${k} === 0) st.integer[${k}] = 0`, `st.present[${k}] += pr${k}`)
        const digits = `while (c >= 48 && c <= 57) { v = v * 10 + (c - 48); c = buf[++pos] }`
        cols.push(
          `${head}else {\ns = pos\nif (c === 45 || c === 43) c = buf[++pos]\nd = pos; v = 0\n${digits}\nnd = pos - d; fr = 0\n` +
            `if (c === 46) { c = buf[++pos]; d = pos; ${digits}; fr = pos - d; nd += fr }\n` +
            `if (${END} && nd > 0 && nd <= 15) {\nif (fr > 0) { v = v / POW10[fr]; if (it${k} === 1 && v !== Math.floor(v)) it${k} = 0 }\nif (buf[s] === 45) v = -v\nO${k}[rows] = v; pr${k}++\n}` +
            ` else { ${scan}; O${k}[rows] = pos === s ? NaN : slowNumber(${k}, s, pos, false) }\n}`,
        )
      } else {
        begin.push(`let O${k} = st.out[${k}]`)
        regrab.push(`O${k} = st.out[${k}]`)
        cols.push(
          `${head}else if (${END}) O${k}[rows] = -1\nelse {\ns = pos\nh = -2128831035\n` +
            `do { h = Math.imul(h ^ c, 16777619); c = buf[++pos] } while (c !== ${D} && c !== 10 && c !== 13)\nO${k}[rows] = codeOf(${k}, s, pos, h)\n}`,
        )
      }
    }
    const row: string[] = []
    cols.forEach((code, j) => {
      row.push(code, 'c = buf[pos]')
      if (j < plan.width - 1) row.push(`if (c !== ${D}) dirty('ragged row')`, 'pos++')
    })
    row.push(`if (c === 10) pos++\nelse if (c === 13 && buf[pos + 1] === 10) pos += 2\nelse dirty(c === ${D} ? 'extra cells' : 'bare carriage return')`, 'rows++')
    const source =
      `return function parseRange(buf, pos, to, st) {\nsetBuffer(buf)\nlet rows = 0, cap = st.cap\n${decl.join('\n')}\n${begin.join('\n')}\n` +
      `while (pos < to) {\n// the output arrays are replaced when they grow\nif (rows === cap) { cap = growOut(st, rows); ${regrab.join('; ')} }\n${row.join('\n')}\n}\n` +
      `${after.join('\n')}\nif (pos !== to) dirty('chunk boundary inside a quoted field')\nreturn rows\n}`
    const helpers = { quoted, dirty, slowNumber, codeOf, growOut, setBuffer, POW10 }
    return new Function(...Object.keys(helpers), source)(...Object.values(helpers))
  }

  function setBuffer(b: Buffer): void {
    buf = b
  }

  /** Doubles the chunk's output arrays (keeping `rows` values); returns the new capacity. */
  function growOut(st: ChunkState, rows: number): number {
    st.cap *= 2
    st.out = st.out.map((a) => {
      const next = a instanceof Float64Array ? new Float64Array(st.cap) : new Int32Array(st.cap)
      next.set(a.subarray(0, rows))
      return next
    })
    out = st.out
    return st.cap
  }

  parentPort.on('message', (msg: { job: number; plan?: ColumnPlan; chunk?: number; from?: number; to?: number; first?: boolean; size?: number; estimate?: number; close?: boolean; sort?: Float64Array }) => {
    if (msg.sort) {
      const sorted = sortFloat64(msg.sort)
      parentPort.postMessage({ sorted }, [sorted.buffer])
      return
    }
    if (msg.close) {
      jobs.get(msg.job)?.reader.close()
      jobs.delete(msg.job)
      return
    }
    let job = jobs.get(msg.job)
    try {
      if (!job) {
        const plan = msg.plan!
        const key = JSON.stringify({ ...plan, path: '' })
        let parse = parsers.get(key)
        if (!parse) parsers.set(key, (parse = generate(plan)))
        job = { plan, reader: makeReader(fs, plan.path), parse, dicts: plan.columns.map((c) => (c.numeric ? undefined : new Dictionary())) }
        jobs.set(msg.job, job)
      }
      const plan = job.plan
      const chunk = job.reader.load({ from: msg.from!, to: msg.to!, first: msg.first!, size: msg.size! })
      planCols = plan.columns
      planDelim = plan.delimiter
      byIndex = new Int32Array(plan.width).fill(-1)
      plan.columns.forEach((c, k) => {
        byIndex[c.index] = k
      })
      dicts = job.dicts
      for (const d of dicts) if (d) d.fresh = []
      const cap = Math.max(64, msg.estimate ?? 1024)
      const st: ChunkState = { out: plan.columns.map((c) => (c.numeric ? new Float64Array(cap) : new Int32Array(cap))), cap, integer: plan.columns.map(() => 1), present: plan.columns.map(() => 0) }
      out = st.out
      integer = st.integer
      present = st.present
      let rows = 0
      if (!chunk.empty) {
        if (!isUtf8(chunk.area.subarray(chunk.offset, chunk.length))) dirty('invalid UTF-8')
        rows = job.parse(chunk.area.subarray(0, chunk.length), chunk.offset, chunk.length, st)
      }
      // whole arrays travel (moved, not copied); `rows` says how much of each is used
      const values = st.out
      const reply: ChunkColumns = { job: msg.job, chunk: msg.chunk!, rows, start: chunk.start, end: chunk.end, worker: workerId, values, words: dicts.map((d) => d?.fresh), integer: st.integer, present: st.present }
      parentPort.postMessage(reply, values.map((v) => v.buffer))
    } catch (e) {
      if (e instanceof Dirty) parentPort.postMessage({ job: msg.job, chunk: msg.chunk, dirty: e.reason })
      else parentPort.postMessage({ job: msg.job, chunk: msg.chunk, failed: String((e as Error)?.stack ?? e) })
    }
  })
}
