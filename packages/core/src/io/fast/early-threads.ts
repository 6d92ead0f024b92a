import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'

// A Node worker thread takes ~40 ms to boot here. A command that will read large files on worker
// threads can start them before its own code has loaded; the code they run comes later, in their
// first message (with what would have been their workerData).
const EARLY_SOURCE = `
const threads = require('node:worker_threads')
threads.parentPort.once('message', ({ source, workerData }) => {
  const load = (id) => (id === 'node:worker_threads' ? { ...threads, workerData } : require(id))
  new Function('require', source)(load)
})
`
const KEY = Symbol.for('mlgate.early-threads')
type Holder = { [KEY]?: Worker[] }

/** Starts as many threads as the readers use (they do not keep the process alive meanwhile). */
export function startEarlyThreads(count = Math.min(availableParallelism(), 4)): void {
  const started = ((globalThis as Holder)[KEY] ??= [])
  for (let i = started.length; i < count; i++) {
    const w = new Worker(EARLY_SOURCE, { eval: true })
    w.unref()
    // one that fails before it is handed out is simply not handed out
    w.on('error', () => undefined)
    w.once('exit', () => {
      const i = started.indexOf(w)
      if (i >= 0) started.splice(i, 1)
    })
    started.push(w)
  }
}

/** A worker thread running `source` (as `new Worker(source, { eval: true, workerData })` would): one started early when there is one. */
export function codeThread(source: string, workerData: unknown): Worker {
  const early = (globalThis as Holder)[KEY]?.shift()
  if (!early) return new Worker(source, { eval: true, workerData })
  early.ref()
  early.postMessage({ source, workerData })
  return early
}
