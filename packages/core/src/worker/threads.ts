// Where a thread comes from: the bundled worker entry (worker.cjs) beside the running module, started
// now or taken from those started early (before a command's code has loaded).
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

/** What the pool needs of a thread (a Worker, or a stand-in that runs on this thread in tests). */
export type Thread = Pick<Worker, 'postMessage' | 'ref' | 'unref' | 'on' | 'terminate'>

// A bundle's code sits beside worker.cjs or one level below it (a split chunk); core's own sources
// (tests) find the one test/global-setup.ts bundles to packages/core/dist.
const CANDIDATES = ['./worker.cjs', '../worker.cjs', '../../dist/worker.cjs']

let found: string | undefined

/** The worker entry's path, beside this module. */
export function workerFile(): string {
  if (found) return found
  const paths = CANDIDATES.map((c) => fileURLToPath(new URL(c, import.meta.url)))
  found = paths.find((p) => existsSync(p))
  if (!found) throw new Error(`The worker threads' code (worker.cjs) is missing beside ${fileURLToPath(import.meta.url)}: the bundle is incomplete, build it again.`)
  return found
}

// Threads started early are kept on globalThis: the command's first bundle starts them, its main one takes them.
const KEY = Symbol.for('mlgate.early-threads')
type Holder = { [KEY]?: { shift(): Thread | undefined } }

/** The threads the pool runs at most: one per core, at most four. */
export function threadCount(): number {
  return Math.max(1, Math.min(availableParallelism(), 4))
}

/**
 * Starts as many threads as the pool uses (a Node thread takes ~40 ms to boot, and the worker
 * entry loads meanwhile); they do not keep the process alive until they are given work.
 */
export function startEarlyThreads(count = threadCount()): void {
  const holder = globalThis as Holder
  const started = (holder[KEY] ??= []) as Thread[]
  for (let i = started.length; i < count; i++) {
    const w = new Worker(workerFile())
    w.unref()
    // one that fails before it is handed out is simply not handed out
    w.on('error', () => undefined)
    w.once('exit', () => {
      const at = started.indexOf(w)
      if (at >= 0) started.splice(at, 1)
    })
    started.push(w)
  }
}

/** One of the threads started early, taken out of their list (none left: undefined). */
export function takeEarlyThread(): Thread | undefined {
  return (globalThis as Holder)[KEY]?.shift()
}

/** A thread running the worker entry: one started early when there is one. */
export function newThread(): Thread {
  return takeEarlyThread() ?? new Worker(workerFile())
}
