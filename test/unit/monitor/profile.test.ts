import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDataset } from '../../../packages/core/src/dataset/index.ts'
import { runTask } from '../../../packages/core/src/index.ts'
import { buildProfile, profileFromJSON, writeProfile } from '../../../packages/core/src/profile/index.ts'
import { monitorTask } from '../../../packages/core/src/tasks/monitor.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'
import { windowCsv } from './helpers.ts'

describe('the monitor on profiles', () => {
  it("compares a window's profile with the reference's and keeps the window's profile in its record", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-monitor-profile-'))
    windowCsv(dir, 'ref.csv', { seed: 1, n: 2000 })
    windowCsv(dir, 'w.csv', { seed: 2, n: 2000, shift: 1 })
    const ref = await buildProfile(await openDataset('ref.csv', { cwd: dir }), {})
    await writeProfile('ref.profile.json', ref, { cwd: dir })
    await writeProfile('w.profile.json.gz', await buildProfile(await openDataset('w.csv', { cwd: dir }), { edgesFrom: ref }), { cwd: dir })
    const p = memoryPlatform({ reference: 'ref.profile.json', current: 'w.profile.json.gz', history: 'dir:h', 'history-init': 'true' })
    expect(await runTask(monitorTask, p, dir)).not.toBe('error')
    expect(p.outputs.decision, p.outputs.reason).toBe('retrain')
    expect(p.outputs.reason).toMatch(/\(amount\)/)
    const record = JSON.parse(readFileSync(join(dir, 'h/windows/000001.json'), 'utf8'))
    const kept = profileFromJSON(JSON.stringify(record.profile), 'the record')
    expect(kept.shards[0].rows).toBe(2000)
    expect(kept.edgesFingerprint).toBe(ref.edgesFingerprint)
  })

  it('a data window against a reference profile is profiled on its edges and kept; data on both sides keeps no profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-monitor-profile-'))
    windowCsv(dir, 'ref.csv', { seed: 3, n: 1500 })
    windowCsv(dir, 'w.csv', { seed: 4, n: 900 })
    const ref = await buildProfile(await openDataset('ref.csv', { cwd: dir }), {})
    await writeProfile('ref.profile.json', ref, { cwd: dir })
    const p = memoryPlatform({ reference: 'ref.profile.json', current: 'w.csv', history: 'dir:h', 'history-init': 'true' })
    expect(await runTask(monitorTask, p, dir)).not.toBe('error')
    expect(p.outputs.decision, p.outputs.reason).toBe('keep')
    const kept = profileFromJSON(JSON.stringify(JSON.parse(readFileSync(join(dir, 'h/windows/000001.json'), 'utf8')).profile), 'the record')
    expect(kept.shards[0].rows).toBe(900)
    expect(kept.edgesFingerprint).toBe(ref.edgesFingerprint)
    const data = memoryPlatform({ reference: 'ref.csv', current: 'w.csv', history: 'dir:h2', 'history-init': 'true' })
    await runTask(monitorTask, data, dir)
    expect(JSON.parse(readFileSync(join(dir, 'h2/windows/000001.json'), 'utf8'))).not.toHaveProperty('profile')
  })
})
