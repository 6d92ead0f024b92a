import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defineTask, newReport, runTask } from '../../../packages/core/src/index.ts'
import type { RunHost, RunStop } from '../../../packages/core/src/index.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'

/** A host whose stops the test triggers; it records the exits asked for. */
function testHost() {
  let onStop: ((s: RunStop) => void) | undefined
  const exits: { code: number; afterMs: number }[] = []
  const host: RunHost = {
    cwd: '.',
    watch: (cb) => {
      onStop = cb
      return () => (onStop = undefined)
    },
    exit: (code, afterMs) => exits.push({ code, afterMs }),
  }
  return { host, exits, stop: (s: RunStop) => onStop?.(s), watching: () => onStop !== undefined }
}

/** A task that waits until released, then passes (as a task whose worker never answers would, forever). */
function waitingTask() {
  let release: () => void = () => {}
  let aborted: unknown
  const task = defineTask({
    id: 'waiting-task',
    title: 'waiting',
    description: 'Waits to be released.',
    guid: '00000000-0000-4000-8000-000000000002',
    icon: 'check',
    color: 'blue',
    inputs: {},
    outputs: {},
    async run(ctx) {
      ctx.signal.addEventListener('abort', () => (aborted = ctx.signal.reason))
      await new Promise<void>((r) => (release = r))
      const report = newReport('waiting-task', 'Waiting')
      report.verdict = 'pass'
      report.headline = 'all good'
      return { report, outputs: {} }
    },
  })
  return { task, release: () => release(), aborted: () => aborted }
}

const tick = () => new Promise((r) => setTimeout(r, 5))

describe('a run that stops before it decides', () => {
  it.each<[RunStop, RegExp, number | undefined]>([
    [{ kind: 'drained' }, /^mlgate waiting-task did not reach a verdict: its work stopped unfinished while working out its verdict/, undefined],
    [{ kind: 'signal', signal: 'SIGTERM' }, /^mlgate waiting-task did not reach a verdict: it was stopped by SIGTERM while working out its verdict; treat this run as failed\.$/, 2_000],
    [{ kind: 'crash', origin: 'rejection', error: new Error('boom') }, /^mlgate waiting-task did not reach a verdict: an unexpected promise rejection while working out its verdict: boom\.\n/, 0],
    [{ kind: 'exited', code: 0 }, /^mlgate waiting-task did not reach a verdict: the process was ended \(exit code 0\)/, undefined],
  ])('%o → error with a sentence, and nothing delivered when the work later completes', async (stop, sentence, exitAfter) => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-stop-'))
    const { host, exits, stop: trigger } = testHost()
    const w = waitingTask()
    const p = memoryPlatform({ report: join(dir, 'r.json') })
    const run = runTask(w.task, p, host)
    await tick()
    trigger(stop)
    expect(p.outcome).toEqual({ outcome: 'error', message: expect.stringMatching(/^mlgate waiting-task did not reach a verdict/) })
    expect(p.logs.filter((l) => l.level === 'error').map((l) => l.message)[0]).toMatch(sentence)
    expect(w.aborted()).toBeInstanceOf(Error)
    expect(exits).toEqual(exitAfter === undefined ? [] : [{ code: 2, afterMs: exitAfter }])
    w.release()
    expect(await run).toBe('error')
    // the work that completed after the stop delivered nothing: no report, outputs or summary, one outcome
    expect(existsSync(join(dir, 'r.json'))).toBe(false)
    expect(p.outputs).toEqual({})
    expect(p.summaries).toEqual([])
  })

  it('stops after the outcome are ignored, and the host is no longer watched', async () => {
    const { host, exits, stop, watching } = testHost()
    const w = waitingTask()
    const p = memoryPlatform()
    const run = runTask(w.task, p, host)
    await tick()
    expect(watching()).toBe(true)
    w.release()
    expect(await run).toBe('pass')
    expect(watching()).toBe(false)
    stop({ kind: 'drained' })
    expect(p.outcome).toEqual({ outcome: 'pass', message: 'all good' })
    expect(exits).toEqual([])
  })
})
