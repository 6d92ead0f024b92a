import { EventEmitter } from 'node:events'
import * as fs from 'node:fs'
import { serve } from '../../packages/core/src/worker/main.ts'
import type { Port } from '../../packages/core/src/worker/main.ts'

// The worker pool (worker/threads.ts) first takes a thread started early from a list on globalThis.
// Filling that list with stand-ins that serve the worker entry's jobs (worker/main.ts) on this thread keeps every line of the workers' code (kernel, chunk reader, passes)
// under test, without the ~40 ms a thread takes to boot: a thousand generated files then take
// seconds, not minutes.

const KEY = Symbol.for('mlgate.early-threads')

type Listener = (value: unknown) => void
type Holder = { [KEY]?: { shift(): unknown } }

/** Messages copied as a thread boundary copies them: transferred buffers move (and are detached here). */
function cross(message: unknown, transfer?: readonly unknown[]): unknown {
  return structuredClone(message, { transfer: (transfer ?? []) as ArrayBuffer[] })
}

/** One stand-in thread: a port on each side, messages delivered in order on later turns of the event loop. */
class InProcessThread extends EventEmitter {
  private readonly inside = new EventEmitter()
  private readonly fds = new Set<number>()
  private started = false
  private dead = false

  ref(): this {
    return this
  }

  unref(): this {
    return this
  }

  /** Like Worker#postMessage: the stand-in serves the worker entry's jobs. */
  postMessage(message: unknown, transfer?: readonly unknown[]): void {
    const copy = cross(message, transfer)
    setImmediate(() => {
      if (this.dead) return
      this.guard(() => {
        if (!this.started) this.serve()
        this.inside.emit('message', copy)
      })
    })
  }

  terminate(): Promise<number> {
    this.dead = true
    // a real thread's files stay open too, but thousands of stand-ins must not run out of descriptors
    for (const fd of this.fds) fs.closeSync(fd)
    this.fds.clear()
    return Promise.resolve(1)
  }

  /** The worker entry's jobs, served on this thread. */
  private serve(): void {
    this.started = true
    const port = { ...this.port(), off: (event: string, f: Listener) => this.inside.off(event, f as Listener) }
    serve(port as unknown as Port, this.trackedFs(), ++served + 1_000_000)
  }

  /** The thread's side of the channel. */
  private port() {
    return {
      on: (event: string, f: Listener) => this.inside.on(event, (v) => this.guard(() => f(v))),
      once: (event: string, f: Listener) => this.inside.once(event, (v) => this.guard(() => f(v))),
      postMessage: (message: unknown, transfer?: readonly unknown[]) => {
        const copy = cross(message, transfer)
        setImmediate(() => {
          if (!this.dead) this.emit('message', copy)
        })
      },
    }
  }

  /** node:fs, with the files this thread opened tracked (closed when it is terminated). */
  private trackedFs() {
    return {
      ...fs,
      openSync: (...args: Parameters<typeof fs.openSync>) => {
        const fd = fs.openSync(...args)
        this.fds.add(fd)
        return fd
      },
      closeSync: (fd: number) => {
        this.fds.delete(fd)
        fs.closeSync(fd)
      },
    }
  }

  /** An exception in the worker's code ends it with an 'error' event, as it ends a thread. */
  private guard(f: () => void): void {
    try {
      f()
    } catch (e) {
      this.dead = true
      setImmediate(() => this.emit('error', e))
    }
  }
}

let started = 0
let served = 0

/** Stand-in threads started so far (a reader that no longer runs on the pool would leave this at 0). */
export function threadsStarted(): number {
  return started
}

/** Until the returned function is called, every worker thread the fast readers start runs on this thread. */
export function runThreadsInProcess(): () => void {
  const holder = globalThis as Holder
  const before = holder[KEY]
  holder[KEY] = {
    shift: () => {
      started++
      return new InProcessThread()
    },
  }
  return () => {
    if (before) holder[KEY] = before
    else delete holder[KEY]
  }
}
