// The one worker entry: bundled as worker.cjs next to every bundle; each thread of the pool runs it.
import * as fs from 'node:fs'
import { isMainThread, parentPort, threadId } from 'node:worker_threads'
import type { MessagePort } from 'node:worker_threads'
import type { Inbound, JobKind, Reply, Request } from './protocol.ts'
import { ColumnReading } from './jobs/read-columns.ts'
import { distance, sortPair } from './jobs/sort-measure.ts'
import { hashFile } from './jobs/hash.ts'
import type { FileIo } from './chunk-loop.ts'
import { ScanJobs } from '../validate/fast/scan-job.ts'
import { profileChunk } from '../profile/chunk-job.ts'

/** What a job's handler hands back: its reply and the buffers that move with it (not copied). */
export interface Answer {
  reply: Reply
  transfer?: ArrayBuffer[]
}

/** The state one thread keeps between jobs: its files, its spare buffers. */
export interface WorkerContext {
  io: FileIo
  /** Output buffers handed back by the pool, to fill again (fresh memory costs a page fault per 4 KiB). */
  spare: ArrayBuffer[]
  /** Unique among the threads of a process (chunk replies name it: text codes are per thread). */
  workerId: number
  columns: ColumnReading
  scans: ScanJobs
}

/** The port a thread talks through (a real one, or a stand-in that runs on the main thread in tests). */
export type Port = Pick<MessagePort, 'postMessage'> & { on(event: 'message', f: (m: Inbound) => void): unknown; off(event: 'message', f: (m: Inbound) => void): unknown }

type Handler = (request: Request, ctx: WorkerContext) => Answer | Promise<Answer>
type Handlers = { [K in JobKind]: (request: Request<K>, ctx: WorkerContext) => Answer | Promise<Answer> }

/** Each job kind's handler; a new kind adds its module and its line here (and its types in protocol.ts). */
const HANDLERS: Handlers = {
  'read-chunk': (r, ctx) => ctx.columns.readChunk(r),
  'scan-chunk': (r, ctx) => ctx.scans.scanChunk(r),
  'sort-pair': (r) => sortPair(r),
  distance: (r) => distance(r),
  hash: (r) => hashFile(r),
  'profile-chunk': async (r) => ({ reply: { kind: 'profile-chunk', id: r.id, ...(await profileChunk(r)) } }),
}

/** Serves jobs arriving on `port` until the thread ends. */
export function serve(port: Port, io: FileIo, workerId: number): void {
  const ctx: WorkerContext = { io, spare: [], workerId, columns: undefined!, scans: new ScanJobs(io) }
  ctx.columns = new ColumnReading(ctx)
  const onMessage = (m: Inbound): void => {
    if (m.kind === 'close') {
      ctx.scans.close(m.job)
      return ctx.columns.close(m.job)
    }
    if (m.spare) for (const b of m.spare) if (ctx.spare.length < 64) ctx.spare.push(b)
    void answer(m, ctx).then((a) => port.postMessage(a.reply, a.transfer ?? []))
  }
  port.on('message', onMessage)
}

/** The handler's answer, or the job's failure as a reply (never a dead thread for one bad job). */
async function answer(m: Request, ctx: WorkerContext): Promise<Answer> {
  try {
    return await (HANDLERS[m.kind] as Handler)(m, ctx)
  } catch (e) {
    return { reply: { kind: m.kind, id: m.id, failed: String((e as Error)?.stack ?? e) } }
  }
}

if (!isMainThread && parentPort) serve(parentPort as Port, fs, threadId)
