import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigurationError } from '../../../packages/core/src/errors.ts'
import { directoryStore } from '../../../packages/core/src/monitor/history-dir.ts'
import { artifactStore } from '../../../packages/core/src/monitor/history-artifact.ts'
import { gitBranchStore } from '../../../packages/core/src/monitor/history-git.ts'
import { parseStoreSpec } from '../../../packages/core/src/monitor/history.ts'
import { HISTORY_VERSION, WINDOW_KIND } from '../../../packages/core/src/monitor/record.ts'
import type { WindowRecord } from '../../../packages/core/src/monitor/record.ts'
import { runTask } from '../../../packages/core/src/index.ts'
import { monitorTask } from '../../../packages/core/src/tasks/monitor.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'
import { windowCsv } from './helpers.ts'

const tmp = () => mkdtempSync(join(tmpdir(), 'mlgate-history-'))

function record(seq: number): WindowRecord {
  return {
    kind: WINDOW_KIND,
    version: HISTORY_VERSION,
    seq,
    window: `w${seq}`,
    at: `2026-12-0${seq}T00:00:00.000Z`,
    rows: { reference: 1, current: 1 },
    columns: [],
    schema: { added: [], removed: [], typeChanged: [] },
    validation: null,
    metrics: [],
    decision: 'keep',
    reason: 'r',
    event: null,
    actions: [],
  }
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  )
  expect(e).toBeInstanceOf(ConfigurationError)
  return (e as Error).message
}

describe('the history store input', () => {
  it('reads dir:, artifact:, branch: and a plain path; refuses names the stores cannot hold', () => {
    expect(parseStoreSpec('monitoring/history')).toEqual({ kind: 'dir', path: 'monitoring/history' })
    expect(parseStoreSpec('artifact:mlgate-monitor')).toEqual({ kind: 'artifact', name: 'mlgate-monitor' })
    expect(parseStoreSpec('branch:mlgate/monitor@upstream')).toEqual({ kind: 'branch', branch: 'mlgate/monitor', remote: 'upstream' })
    expect(() => parseStoreSpec('artifact:a b')).toThrow(/artifact name 'a b'/)
    expect(() => parseStoreSpec('branch:-x')).toThrow(/not a branch name/)
    expect(() => parseStoreSpec('dir:')).toThrow(/names no directory/)
  })
})

describe('a directory store', () => {
  it('appends records that the next read returns; a missing store is refused unless history-init', async () => {
    const dir = join(tmp(), 'h')
    expect(await refusal(directoryStore(dir, 'h', false).read())).toBe(
      "The monitor history directory 'h' does not exist or is empty; set 'history-init: true' on the first run to start a new monitor history there.",
    )
    const s = directoryStore(dir, 'h', true)
    expect(await s.read()).toEqual([])
    await s.append(record(1))
    const again = directoryStore(dir, 'h', false)
    expect((await again.read()).map((r) => r.seq)).toEqual([1])
    await again.append(record(2))
    expect(readdirSync(join(dir, 'windows'))).toEqual(['000001.json', '000002.json'])
    expect(JSON.parse(readFileSync(join(dir, 'mlgate-history.json'), 'utf8'))).toMatchObject({ kind: 'mlgate.monitor-history', version: 1 })
  })

  it('refuses a corrupt record, another schema, a gap and a directory without manifest, in one sentence each', async () => {
    const dir = tmp()
    const s = directoryStore(dir, 'h', true)
    await s.read()
    await s.append(record(1))
    writeFileSync(join(dir, 'windows/000002.json'), '{"kind": "mlgate.monitor-window", "vers')
    expect(await refusal(directoryStore(dir, 'h', true).read())).toBe("The monitor history directory 'h' (windows/000002.json) is corrupt: it is not valid JSON.")
    writeFileSync(join(dir, 'windows/000002.json'), JSON.stringify({ ...record(2), version: 2 }))
    expect(await refusal(directoryStore(dir, 'h', true).read())).toMatch(/holds a window record windows\/000002.json this mlgate cannot read: it is version 2; this mlgate reads version 1\.$/)
    writeFileSync(join(dir, 'windows/000002.json'), JSON.stringify(record(3)))
    expect(await refusal(directoryStore(dir, 'h', true).read())).toMatch(/is corrupt: windows\/000002.json holds window 3, expected window 2\.$/)
    writeFileSync(join(dir, 'mlgate-history.json'), JSON.stringify({ kind: 'mlgate.profile', version: 1 }))
    expect(await refusal(directoryStore(dir, 'h', true).read())).toBe(
      "The monitor history directory 'h' is not a monitor history this mlgate reads: mlgate-history.json its kind is \"mlgate.profile\", not 'mlgate.monitor-history'.",
    )
    const other = tmp()
    mkdirSync(join(other, 'windows'))
    writeFileSync(join(other, 'windows/000001.json'), JSON.stringify(record(1)))
    expect(await refusal(directoryStore(other, 'o', true).read())).toBe("The monitor history directory 'o' is not an mlgate monitor history: it has no mlgate-history.json.")
  })
})

describe('an artifact store', () => {
  it('reads the earlier run’s artifact and uploads it again with the window added', async () => {
    const p = memoryPlatform()
    const files = new Map([
      ['mlgate-history.json', Buffer.from(JSON.stringify({ kind: 'mlgate.monitor-history', version: 1, created: 'x' }))],
      ['windows/000001.json', Buffer.from(JSON.stringify(record(1)))],
    ])
    const platform = { ...p, earlierRuns: { artifact: async () => ({ runId: 41, files }) } }
    const dir = join(tmp(), 'copy')
    const s = artifactStore('mlgate-monitor', platform, dir, false)
    expect((await s.read()).map((r) => r.seq)).toEqual([1])
    await s.append(record(2))
    expect(p.artifacts).toEqual([{ name: 'mlgate-monitor', files: [join(dir, 'mlgate-history.json'), join(dir, 'windows/000001.json'), join(dir, 'windows/000002.json')] }])
  })

  it('a missing artifact is refused unless history-init; a runner without earlier runs is refused', async () => {
    const p = memoryPlatform()
    const missing = { ...p, earlierRuns: { artifact: async () => Promise.reject(new ConfigurationError("No successful run on main has an artifact named 'm'.")) } }
    expect(await refusal(artifactStore('m', missing, tmp(), false).read())).toBe("The monitor history artifact 'm' could not be read: No successful run on main has an artifact named 'm'.")
    expect(await artifactStore('m', missing, tmp(), true).read()).toEqual([])
    expect(await refusal(artifactStore('m', p, tmp(), true).read())).toMatch(/reads the artifacts of earlier runs, which this runner does not reach/)
  })
})

describe('a git branch store', () => {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_SYSTEM: '/dev/null' }
  const sh = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim()

  it('commits each record on the branch and pushes it, without touching the work tree or its index', async () => {
    const remote = tmp()
    sh(remote, 'init', '--bare', '-q')
    const work = tmp()
    sh(work, 'init', '-q')
    sh(work, 'remote', 'add', 'origin', remote)
    writeFileSync(join(work, 'a.txt'), 'x')
    sh(work, 'add', 'a.txt')
    const w = { cwd: work, env, branch: 'mlgate-monitor', remote: 'origin' }
    expect(await refusal(gitBranchStore(w, false).read())).toMatch(/^The monitor history branch 'mlgate-monitor' on origin does not exist or is empty/)
    const s = gitBranchStore(w, true)
    await s.read()
    await s.append(record(1))
    const next = gitBranchStore(w, false)
    expect((await next.read()).map((r) => r.seq)).toEqual([1])
    await next.append(record(2))
    expect(sh(remote, 'ls-tree', '-r', '--name-only', 'mlgate-monitor').split('\n')).toEqual(['mlgate-history.json', 'windows/000001.json', 'windows/000002.json'])
    expect(sh(remote, 'log', '--format=%s', 'mlgate-monitor').split('\n')).toEqual(['monitor window 2: w2 (keep)', 'monitor window 1: w1 (keep)'])
    expect(sh(work, 'status', '--porcelain')).toBe('A  a.txt')
  })

  it('a branch that holds something else is refused', async () => {
    const work = tmp()
    sh(work, 'init', '-q')
    writeFileSync(join(work, 'a.txt'), 'x')
    sh(work, 'add', 'a.txt')
    sh(work, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'x')
    sh(work, 'branch', 'other')
    expect(await refusal(gitBranchStore({ cwd: work, env, branch: 'other' }, true).read())).toBe("The monitor history branch 'other' holds no mlgate-history.json; it is not a monitor history.")
  })
})

describe('the monitor task on a store it cannot read', () => {
  it('exits 2 with the one sentence and leaves nothing behind', async () => {
    const dir = tmp()
    windowCsv(dir, 'ref.csv', { seed: 1 })
    windowCsv(dir, 'cur.csv', { seed: 2 })
    mkdirSync(join(dir, 'h'))
    writeFileSync(join(dir, 'h/mlgate-history.json'), '{ nope')
    const p = memoryPlatform({ reference: 'ref.csv', current: 'cur.csv', history: 'dir:h' })
    expect(await runTask(monitorTask, p, dir)).toBe('error')
    expect(p.outcome?.message).toBe("The monitor history directory 'h' (mlgate-history.json) is corrupt: it is not valid JSON.")
    expect(readdirSync(join(dir, 'h'))).toEqual(['mlgate-history.json'])
  })
})
