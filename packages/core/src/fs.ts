import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileError } from './errors.ts'
import type { FileDigest } from './report/model.ts'

/** Writes a file so that readers never see half of it: temp file in the same directory, then rename. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const abs = resolve(path)
  await mkdir(dirname(abs), { recursive: true })
  const tmp = `${abs}.${process.pid}.${Date.now()}.tmp`
  try {
    await writeFile(tmp, data)
    await rename(tmp, abs)
  } catch (e) {
    await rm(tmp, { force: true })
    throw e
  }
}

export async function sha256File(path: string, role = 'file'): Promise<FileDigest> {
  let bytes: number
  try {
    const s = await stat(path)
    if (s.isDirectory()) throw Object.assign(new Error('dir'), { code: 'EISDIR' })
    bytes = s.size
  } catch (e) {
    fileError(e, path, role)
  }
  const hash = createHash('sha256')
  await new Promise<void>((res, rej) => {
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (b) => hash.update(b))
      .on('end', () => res())
      .on('error', rej)
  })
  return { path, bytes, sha256: hash.digest('hex') }
}

export function sha256Text(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex')
}
