// The one pool of worker threads: every job kind (worker/protocol.ts) is queued here and served by
// worker/main.ts on a thread.
import type { Failed, JobKind, Notice, Reply, Request } from './protocol.ts'
import type { Thread } from './threads.ts'
import { newThread, threadCount } from './threads.ts'

/** A job as the caller gives it: the pool numbers it. */
export type JobRequest<K extends JobKind> = K extends JobKind ? Omit<Request<K>, 'id' | 'spare'> : never

interface Task {
  request: Request
  transfer: ArrayBuffer[]
  done: (r: Reply) => void
}

interface Held {
  thread: Thread
  tasks: Map<number, Task>
}

/**
 * Threads shared by concurrent jobs. Each holds at most two jobs, so that it starts the next while
 * this thread is still busy with the last reply; urgent jobs go ahead of those waiting. A thread is
 * referenced only while it holds work (the process can exit when none does). A thread that fails
 * or exits leaves the pool and fails the jobs it held: their reply says how it ended (`lost`).
 */
export class WorkerPool {
  private readonly threads: Held[] = []
  private readonly queue: Task[] = []
  /** Output buffers whose contents were copied: they go back to the threads with the next jobs. */
  private readonly spare: ArrayBuffer[] = []
  private nextId = 1
  private nextJob = 1

  constructor(
    private readonly size = threadCount(),
    private readonly perThread = 2,
    /** Where its threads come from (a pool of threads with their own resource limits starts its own). */
    private readonly start: () => Thread = newThread,
  ) {}

  /** A number for a job of several requests (a file read chunk by chunk). */
  job(): number {
    return this.nextJob++
  }

  /** Queues a job (`urgent`: ahead of those waiting); its reply, or why there is none. */
  run<K extends JobKind>(request: JobRequest<K>, transfer: ArrayBuffer[] = [], urgent = false): Promise<Reply<K>> {
    return new Promise((done) => {
      const task: Task = { request: { ...request, id: this.nextId++ } as Request, transfer, done: done as (r: Reply) => void }
      if (urgent) this.queue.unshift(task)
      else this.queue.push(task)
      // the least busy thread takes it; a new one while the pool is not full
      let h = this.threads.find((x) => x.tasks.size === 0)
      if (!h && this.threads.length < this.size) h = this.spawn()
      h ??= this.threads.find((x) => x.tasks.size < this.perThread)
      if (h) this.fill(h)
    })
  }

  /** Starts every thread now, idle (a thread takes ~40 ms to boot: better while this one does other work). */
  warm(): void {
    while (this.threads.length < this.size) this.spawn().thread.unref()
  }

  /** Buffers no longer needed here, for the threads to fill again. */
  recycle(buffers: ArrayBuffer[]): void {
    for (const b of buffers) if (this.spare.length < 64 && b.byteLength > 0) this.spare.push(b)
  }

  /** Takes the queued jobs that `which` picks out of the queue; they are answered as failed with `why`. */
  drop(which: (r: Request) => boolean, why: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const t = this.queue[i]
      if (!which(t.request)) continue
      this.queue.splice(i, 1)
      t.done({ kind: t.request.kind, id: t.request.id, failed: why })
    }
  }

  /** Tells every thread something that needs no answer. */
  broadcast(notice: Notice): void {
    for (const h of this.threads) h.thread.postMessage(notice)
  }

  /** Ends every thread; jobs still held or queued get no reply. */
  async terminate(): Promise<void> {
    const threads = this.threads.splice(0)
    this.queue.length = 0
    // The caller's await must keep the process alive until every thread has ended. A referenced thread does not
    // always: one still booting when told to end let the event loop drain under the await (2 runs in 96 of
    // check-reproducibility with a file it cannot read, 6 at once, Node 24); a timer does (0 in 192).
    const alive = setInterval(() => undefined, 1000)
    try {
      await Promise.all(
        threads.map((h) => {
          h.thread.ref()
          return h.thread.terminate()
        }),
      )
    } finally {
      clearInterval(alive)
    }
  }

  private spawn(): Held {
    const h: Held = { thread: this.start(), tasks: new Map() }
    h.thread.on('message', (r: Reply) => this.answered(h, r))
    h.thread.on('error', (e: Error) => this.lose(h, `failed (${e.message})`))
    h.thread.on('exit', (code: number) => this.lose(h, `stopped (exit code ${code})`))
    this.threads.push(h)
    return h
  }

  private answered(h: Held, r: Reply): void {
    const t = h.tasks.get(r.id)
    if (!t) return
    h.tasks.delete(r.id)
    this.fill(h)
    t.done(r)
  }

  /** A thread that failed or ended leaves the pool; its jobs report how it ended. */
  private lose(h: Held, how: string): void {
    const at = this.threads.indexOf(h)
    if (at < 0) return
    this.threads.splice(at, 1)
    const lost = [...h.tasks.values()]
    h.tasks.clear()
    for (const t of lost) t.done({ kind: t.request.kind, id: t.request.id, failed: how, lost: true } satisfies Failed)
  }

  /** Gives the thread queued jobs up to its share; it holds the process only while it holds work. */
  private fill(h: Held): void {
    while (h.tasks.size < this.perThread && this.queue.length) {
      const t = this.queue.shift()!
      h.tasks.set(t.request.id, t)
      const spare = this.spare.splice(0, 16)
      // referenced before the message goes: a thread that holds work keeps the process alive
      h.thread.ref()
      h.thread.postMessage(spare.length ? { ...t.request, spare } : t.request, [...t.transfer, ...spare])
    }
    if (h.tasks.size === 0) h.thread.unref()
  }
}

let shared: WorkerPool | undefined

/** The pool every reader and measurer shares (reference and current data read at once share it). */
export function sharedPool(): WorkerPool {
  shared ??= new WorkerPool()
  return shared
}
