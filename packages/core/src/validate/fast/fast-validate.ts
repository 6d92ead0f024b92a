import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { Worker } from 'node:worker_threads'
import { ByteCsvReader } from '../../io/bytes-csv.ts'
import type { DataSource } from '../../io/sources.ts'
import { absolutePath } from '../../io/sources.ts'
import type { FileDigest } from '../../report/model.ts'
import type { Schema } from '../../schema/model.ts'
import { DatasetValidator } from '../validator.ts'
import { compilePlan } from './plan.ts'
import type { ColumnScan, ScanOptions } from './scan.ts'
import { mergeScans, scanFile } from './scan.ts'

// hashes the files one after another on a thread of its own, with one reused buffer
const DIGEST_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const fs = require('node:fs')
const { createHash } = require('node:crypto')
try {
  const buf = Buffer.allocUnsafe(1 << 20)
  const out = []
  for (const path of workerData.paths) {
    const hash = createHash('sha256')
    const fd = fs.openSync(path, 'r')
    let bytes = 0
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, bytes)
      if (n === 0) break
      hash.update(buf.subarray(0, n))
      bytes += n
    }
    fs.closeSync(fd)
    out.push({ sha256: hash.digest('hex'), bytes })
  }
  parentPort.postMessage({ out })
} catch (e) {
  parentPort.postMessage({ error: String(e && e.message) })
}
`

/**
 * SHA-256 of each file, computed on a worker thread from now on: started before the schema is read,
 * it uses the core that would otherwise wait. The thread does not keep the process alive unless
 * someone waits for it.
 */
export class BackgroundDigests {
  private readonly worker: Worker
  private readonly result: Promise<{ sha256: string; bytes: number }[] | undefined>

  constructor(paths: string[]) {
    this.worker = new Worker(DIGEST_SOURCE, { eval: true, workerData: { paths } })
    this.worker.unref()
    this.result = new Promise((resolve) => {
      this.worker.once('message', (m: { out?: { sha256: string; bytes: number }[] }) => resolve(m.out))
      this.worker.once('error', () => resolve(undefined))
      this.worker.once('exit', () => resolve(undefined))
    })
  }

  /** The digests in order of the paths, or undefined when hashing failed (the caller then hashes). */
  wait(): Promise<{ sha256: string; bytes: number }[] | undefined> {
    this.worker.ref()
    return this.result
  }

  stop(): void {
    void this.worker.terminate()
  }
}

/** Files smaller than this are validated row by row: starting workers would cost more than it saves. */
export const FAST_MIN_BYTES = 8 << 20

export interface FastValidateOptions extends ScanOptions {
  maxErrors: number
  cwd: string
  delimiter?: string
  /** Why the fast scan gave way to the row validator (for debug logs). */
  onFallback?: (reason: string) => void
  /** Digests of the sources (in order) being computed on another thread. */
  digests?: BackgroundDigests
}

/** The header row of a CSV file: names and the offset of the first data row, or undefined when unusual. */
async function readHeader(path: string, source: DataSource, delimiter: string): Promise<{ names: string[]; dataStart: number } | undefined> {
  const fh = await open(path, 'r')
  try {
    const head = Buffer.alloc(Math.min(source.bytes, 1 << 20))
    const { bytesRead } = await fh.read(head, 0, head.length, 0)
    const bytes = head.subarray(0, bytesRead)
    let inQuote = false
    let end = -1
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i]
      if (c === 34) inQuote = !inQuote
      else if (c === 10 && !inQuote) {
        end = i + 1
        break
      }
    }
    if (end < 0) return undefined
    let names: string[] | undefined
    const reader = new ByteCsvReader(source.path, delimiter, (row) => {
      names ??= Array.from({ length: row.count }, (_, i) => row.text(i))
    })
    reader.push(bytes.subarray(0, end))
    reader.end()
    return names ? { names, dataStart: end } : undefined
  } catch {
    return undefined
  } finally {
    await fh.close()
  }
}

/** SHA-256 of a file through one reused buffer (no garbage while the workers scan). */
async function digestFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256')
  const fh = await open(path, 'r')
  const buf = Buffer.allocUnsafe(1 << 20)
  let bytes = 0
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, bytes)
      if (bytesRead === 0) break
      hash.update(buf.subarray(0, bytesRead))
      bytes += bytesRead
    }
  } finally {
    await fh.close()
  }
  return { sha256: hash.digest('hex'), bytes }
}

/** True when two bitsets of keys share a key. */
function bitsOverlap(sets: Uint32Array[]): boolean {
  if (sets.length < 2) return false
  const seen = sets[0].slice()
  for (let s = 1; s < sets.length; s++) {
    const b = sets[s]
    for (let i = 0; i < b.length; i++) {
      if (seen[i] & b[i]) return true
      seen[i] |= b[i]
    }
  }
  return false
}

/** True when sorted runs of keys hold a value twice (within a run or across runs). */
function runsHaveDuplicate(runs: Float64Array[]): boolean {
  for (const r of runs) for (let i = 1; i < r.length; i++) if (r[i] === r[i - 1]) return true
  let merged = runs
  while (merged.length > 1) {
    const next: Float64Array[] = []
    for (let p = 0; p < merged.length; p += 2) {
      const a = merged[p]
      const b = merged[p + 1]
      if (!b) {
        next.push(a)
        continue
      }
      const out = new Float64Array(a.length + b.length)
      let i = 0
      let j = 0
      let o = 0
      while (i < a.length && j < b.length) {
        if (a[i] === b[j]) return true
        out[o++] = a[i] < b[j] ? a[i++] : b[j++]
      }
      while (i < a.length) out[o++] = a[i++]
      while (j < b.length) out[o++] = b[j++]
      next.push(out)
    }
    merged = next
  }
  return false
}

/**
 * Validates uncompressed CSV/TSV files with the parallel byte scan. Returns the validator's state and
 * the files' digests when every file is clean, or undefined when anything is irregular or not
 * covered by the scan: the caller then runs the row validator, which reports every error exactly.
 */
export async function fastValidate(sources: DataSource[], schema: Schema | undefined, options: FastValidateOptions): Promise<{ validator: DatasetValidator; digests: FileDigest[] } | undefined> {
  const validator = new DatasetValidator(schema, { maxErrors: options.maxErrors })
  const totals: (ColumnScan | undefined)[] = validator.checks.map(() => undefined)
  const digests: FileDigest[] = []
  const give = (reason: string) => {
    options.onFallback?.(reason)
    return undefined
  }
  for (const [index, source] of sources.entries()) {
    const path = absolutePath(source.path, options.cwd)
    const delimiter = options.delimiter ?? (source.format === 'tsv' ? '\t' : ',')
    const header = await readHeader(path, source, delimiter)
    if (!header) return give(`${source.path}: header`)
    validator.startFile(source.path)
    validator.onHeader(header.names, 1)
    if (validator.errors.total > 0) return give(`${source.path}: header errors`)
    const plan = compilePlan(path, delimiter, header.names, schema, validator.checks)
    if (typeof plan === 'string') return give(`${source.path}: ${plan}`)
    // the digest is computed while the workers scan
    const [digest, outcome] = await Promise.all([options.digests ? options.digests.wait().then((d) => d?.[index] ?? digestFile(path)) : digestFile(path), scanFile(plan, header.dataStart, source.bytes, options)])
    if (!outcome.clean) return give(`${source.path}: ${outcome.reason}`)
    if (digest.bytes !== source.bytes) return give(`${source.path}: the file changed while it was read`)
    digests.push({ path: source.path, bytes: digest.bytes, sha256: digest.sha256 })
    validator.rowCount += outcome.rows
    validator.files[validator.files.length - 1].rows = outcome.rows
    plan.columns.forEach((c, k) => {
      const t = totals[c.check]
      totals[c.check] = t ? mergeScans(t, outcome.columns[k]) : outcome.columns[k]
    })
  }
  for (const [k, total] of totals.entries()) {
    if (!total) continue
    if (total.nanKeys > 1 || runsHaveDuplicate(total.keyRuns) || bitsOverlap(total.keyBits)) return give(`${validator.checks[k].field.name}: repeated values`)
    validator.checks[k].profile.absorb(total)
  }
  validator.finish()
  return { validator, digests }
}
