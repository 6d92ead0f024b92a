// Job kind 'hash': a file's digest, streamed. A file whose size or modification time differ after
// the read changed while it was read: its digest is of no version.
import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import type { Stats } from 'node:fs'
import type { Answer } from '../main.ts'
import type { Request } from '../protocol.ts'

const version = (s: Stats) => `${s.size}:${s.mtimeMs}`

export function hashFile(msg: Request<'hash'>): Promise<Answer> {
  const failed = (e: NodeJS.ErrnoException | { message: string; code?: string }): Answer => ({ reply: { kind: 'hash', id: msg.id, error: e.message, code: e.code } })
  let before: string
  try {
    before = version(statSync(msg.path))
  } catch (e) {
    return Promise.resolve(failed(e as NodeJS.ErrnoException))
  }
  return new Promise((resolve) => {
    const h = createHash(msg.algorithm)
    let size = 0
    createReadStream(msg.path, { highWaterMark: 1 << 20 })
      .on('data', (b) => {
        h.update(b)
        size += b.length
      })
      .on('end', () => {
        let after = 'gone'
        try {
          after = version(statSync(msg.path))
        } catch {
          // a file removed after its read changed too
        }
        if (after !== before) resolve(failed({ message: 'changed while it was read', code: 'ECHANGED' }))
        else resolve({ reply: { kind: 'hash', id: msg.id, digest: h.digest('hex'), size } })
      })
      .on('error', (e) => resolve(failed(e)))
  })
}
