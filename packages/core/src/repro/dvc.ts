import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { ConfigurationError, fileError } from '../errors.ts'
import { absolutePath } from '../io/sources.ts'
import { listFiles } from './hash.ts'

export interface DvcFinding {
  stage: string
  path: string
  kind: 'dep' | 'out'
  /** unverifiable: the entry carries no md5 (only etag/checksum, e.g. import-url), so mlgate cannot check it. */
  status: 'unchanged' | 'modified' | 'deleted' | 'unverifiable'
  expected: string
  actual: string | null
}

/** A dep or out whose file no longer matches its md5; an unverifiable one is not known to have changed. */
export function changedOnDisk(d: DvcFinding): boolean {
  return d.status === 'modified' || d.status === 'deleted'
}

interface DvcEntry {
  path: string
  md5?: string
  hash?: string
  etag?: string
  checksum?: string
}

/** md5 as DVC computes it: raw bytes with `hash: md5` (DVC 3), CRLF-normalised text for legacy entries. */
async function fileMd5(abs: string, legacy: boolean): Promise<string> {
  const buf = await readFile(abs)
  const text = legacy && !buf.subarray(0, 8000).includes(0)
  const data = text ? Buffer.from(buf.toString('latin1').replace(/\r\n/g, '\n'), 'latin1') : buf
  return createHash('md5').update(data).digest('hex')
}

/** md5 of a directory: md5 of its sorted [{"md5", "relpath"}] listing as json.dumps(sort_keys=True) writes it, plus ".dir". */
async function dirMd5(abs: string, legacy: boolean): Promise<string> {
  const files = await listFiles(abs)
  const entries = await Promise.all(files.map(async (f) => `{"md5": "${await fileMd5(join(abs, f), legacy)}", "relpath": ${JSON.stringify(f)}}`))
  return (
    createHash('md5')
      .update(`[${entries.join(', ')}]`)
      .digest('hex') + '.dir'
  )
}

type DvcStages = Record<string, { deps?: DvcEntry[]; outs?: DvcEntry[] } | null>

async function readDvcLock(path: string, cwd: string): Promise<DvcStages> {
  let doc: { schema?: string; stages?: DvcStages }
  try {
    doc = parseYaml(await readFile(absolutePath(path, cwd), 'utf8'))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code) fileError(e, path, 'dvc.lock')
    throw new ConfigurationError(`'${path}' is not valid YAML: ${(e as Error).message.split('\n')[0]}`)
  }
  if (doc?.schema !== '2.0' || typeof doc.stages !== 'object' || doc.stages === null) throw new ConfigurationError(`'${path}' is not a dvc.lock with schema 2.0.`)
  return doc.stages
}

/** What the entry records instead of an md5, for the report of an entry mlgate cannot verify. */
function unverifiedHash(e: DvcEntry): string {
  if (e.etag) return `etag ${e.etag}`
  if (e.checksum) return `checksum ${e.checksum}`
  return '(no hash)'
}

async function verifyEntry(stage: string, kind: DvcFinding['kind'], e: DvcEntry, base: string): Promise<DvcFinding> {
  if (!e.md5) return { stage, path: e.path, kind, status: 'unverifiable', expected: unverifiedHash(e), actual: null }
  const abs = join(base, e.path)
  const st = await stat(abs).catch(() => undefined)
  const legacy = e.hash !== 'md5'
  const actual = !st ? null : st.isDirectory() ? await dirMd5(abs, legacy) : await fileMd5(abs, legacy)
  return { stage, path: e.path, kind, status: actual === null ? 'deleted' : actual === e.md5 ? 'unchanged' : 'modified', expected: e.md5, actual }
}

/** Verifies every dep and out of every stage of a dvc.lock (schema 2.0), like `dvc status`; one without an md5 is unverifiable. */
export async function verifyDvcLock(path: string, cwd: string): Promise<DvcFinding[]> {
  const stages = await readDvcLock(path, cwd)
  const base = absolutePath(path, cwd).replace(/[^/\\]+$/, '')
  const out: DvcFinding[] = []
  for (const [stage, s] of Object.entries(stages))
    for (const [kind, list] of [
      ['dep', s?.deps ?? []],
      ['out', s?.outs ?? []],
    ] as const)
      for (const e of list) out.push(await verifyEntry(stage, kind, e, base))
  if (!out.length) throw new ConfigurationError(`'${path}' records no deps or outs in any stage: there is nothing to verify (run dvc repro or dvc commit to record them).`)
  return out
}
