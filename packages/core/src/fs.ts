import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, rmSync } from 'node:fs'
import type { Stats } from 'node:fs'
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { ConfigurationError, fileError, TroubleError } from './errors.ts'
import type { FileDigest } from './report/model.ts'

export interface WriteOptions {
  /** What the file is, in the sentence when it cannot be written. */
  role?: string
  /** The path as the user gave it, in that sentence. */
  shownAs?: string
  /** The run's signal: when the run is given up on, the temporary file of a write still under way is removed at once. */
  signal?: AbortSignal
}

/**
 * Writes a file so that readers never see half of it: temp file in the same directory, then rename.
 * A path that cannot be written is the user's mistake or the machine's state: one sentence naming it.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, o: WriteOptions = {}): Promise<void> {
  const { role = 'file', shownAs = path, signal } = o
  const abs = resolve(path)
  const tmp = join(dirname(abs), `.${basename(abs)}.${randomBytes(6).toString('hex')}.tmp`)
  // abort listeners run synchronously, before the process may exit
  const abandon = () => rmSync(tmp, { force: true })
  signal?.addEventListener('abort', abandon)
  try {
    await mkdir(dirname(abs), { recursive: true })
    if ((await stat(abs).catch(() => undefined))?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' })
    await writeFile(tmp, data)
    await rename(tmp, abs)
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined)
    writeError(e, shownAs, role)
  } finally {
    signal?.removeEventListener('abort', abandon)
  }
}

function writeError(e: unknown, path: string, role: string): never {
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  const why: Record<string, string> = {
    EISDIR: 'it is a directory',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EEXIST: 'a part of the path is a file, not a directory',
    ENOSPC: 'no space is left on the device',
    EDQUOT: 'the disk quota is exhausted',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
  }
  if (code && why[code]) throw new ConfigurationError(`Could not write the ${role} '${path}': ${why[code]}; nothing was written.`)
  throw e
}

/** The sentence for a file whose size or modification time differ after it was read: its digest is of no version of it. */
export function changedWhileRead(path: string, role = 'file'): TroubleError {
  return new TroubleError(`The ${role} '${path}' changed while it was being hashed; run again once nothing writes to it.`)
}

/** sha256 of a file on this thread; a file that changes while it is read is an error, not a digest. */
export async function sha256File(path: string, role = 'file'): Promise<FileDigest> {
  const version = (s: Stats) => `${s.size}:${s.mtimeMs}`
  let before: Stats
  try {
    before = await stat(path)
    if (before.isDirectory()) throw Object.assign(new Error('dir'), { code: 'EISDIR' })
  } catch (e) {
    fileError(e, path, role)
  }
  const hash = createHash('sha256')
  await new Promise<void>((res, rej) => {
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (b) => hash.update(b))
      .on('end', () => res())
      .on('error', rej)
  }).catch((e: unknown) => fileError(e, path, role))
  const after = await stat(path).then(version, () => 'gone')
  if (after !== version(before)) throw changedWhileRead(path, role)
  return { path, bytes: before.size, sha256: hash.digest('hex') }
}

export function sha256Text(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex')
}
