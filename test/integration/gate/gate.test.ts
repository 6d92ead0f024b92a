import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FakeServer, checkBody } from '../harness/fake-server.ts'
import { runCli } from '../harness/cli.ts'
import { ROOT } from '../harness/node.ts'
import { reportSchemaErrors } from '../../helpers/report-schema.ts'

const DATA = join(ROOT, 'examples/data')

function tmp() {
  return mkdtempSync(join(tmpdir(), 'mlgate-gate-'))
}

describe('gate-model from predictions', () => {
  it('promotes when every rule and slice passes, with CIs and the decision line', async () => {
    const dir = tmp()
    const r = await runCli([
      'gate-model',
      '--predictions',
      join(DATA, 'predictions-candidate.csv'),
      '--baseline-predictions',
      join(DATA, 'predictions-baseline.csv'),
      '--rules',
      join(DATA, 'gate-rules.yaml'),
      '--candidate',
      join(DATA, 'metrics-candidate.json'),
      '--baseline',
      join(DATA, 'metrics-baseline.json'),
      '--slice-column',
      'segment',
      '--resamples',
      '500',
      '--report',
      join(dir, 'r.json'),
    ])
    expect(r.exitCode, r.stderr).toBe(0)
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))
    expect(reportSchemaErrors('gate-model', report)).toEqual([])
    expect(report.promote).toBe(true)
    expect(report.headline).toBe('promote: yes — all 4 rule(s) passed')
    const auc = report.metrics.find((m: { name: string }) => m.name === 'roc_auc')
    expect(auc.ci[0]).toBeLessThan(auc.delta)
    expect(auc.ci[1]).toBeGreaterThan(auc.delta)
    expect(report.slices.map((s: { value: string }) => s.value).sort()).toEqual(['business', 'private', 'retail'])
    expect(report.computed.roc_auc).toBeGreaterThan(0.9)
  })

  it('blocks a regression beyond the margin and names it', async () => {
    const dir = tmp()
    const r = await runCli([
      'gate-model',
      '--predictions',
      join(DATA, 'predictions-baseline.csv'),
      '--baseline-predictions',
      join(DATA, 'predictions-candidate.csv'),
      '--rules',
      'roc_auc >= baseline - 0.01 significant; accuracy >= 0.5',
      '--report',
      join(dir, 'r.json'),
    ])
    expect(r.exitCode).toBe(1)
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))
    expect(report.promote).toBe(false)
    expect(report.headline).toMatch(/^promote: no — roc_auc regressed 0\.03\d* > margin 0\.01 \(95% CI -0\.05\d*…-0\.01\d*\)$/)
  })

  it('a failing slice fails the gate and is named, though the overall metric passes', async () => {
    const dir = tmp()
    const r = await runCli([
      'gate-model',
      '--predictions',
      join(DATA, 'predictions-candidate.csv'),
      '--rules',
      'accuracy >= 0.865',
      '--slice-column',
      'segment',
      '--min-slice-size',
      '100',
      '--report',
      join(dir, 'r.json'),
    ])
    expect(r.exitCode).toBe(1)
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))
    expect(report.metrics[0].passed).toBe(true)
    expect(report.slices.filter((x: { passed: boolean }) => !x.passed).map((x: { value: string }) => x.value)).toEqual(['business'])
    expect(report.headline).toBe('promote: no — slice(s) failed: segment=business: accuracy 0.8586 < minimum 0.865')
    const small = await runCli(['gate-model', '--predictions', join(DATA, 'predictions-candidate.csv'), '--rules', 'accuracy >= 0.865', '--slice-column', 'segment', '--min-slice-size', '1000'])
    expect(small.exitCode).toBe(0)
  })

  it('an unknown metric name says which metrics exist (exit 2)', async () => {
    const r = await runCli(['gate-model', '--candidate', join(DATA, 'metrics-candidate.json'), '--rules', 'acuracy >= 0.9'])
    expect(r.exitCode).toBe(2)
    expect(r.stderr.trim()).toBe("error: The rule on 'acuracy' names an unknown metric; the candidate has latency_ms, model_size_mb.")
  })
})

describe('baselines', () => {
  it('git:<ref>:<path> reads the committed metrics; a shallow clone gets the fix', async () => {
    const repo = tmp()
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } })
    git('init', '-q', '-b', 'main')
    writeFileSync(join(repo, 'metrics.json'), '{"accuracy": 0.9}')
    git('add', '.')
    git('commit', '-qm', 'baseline')
    writeFileSync(join(repo, 'metrics.json'), '{"accuracy": 0.85}')
    const r = await runCli(['gate-model', '--candidate', 'metrics.json', '--baseline', 'git:main:metrics.json', '--rules', 'accuracy >= baseline - 0.01', '--report', 'r.json'], { cwd: repo })
    expect(r.exitCode).toBe(1)
    const report = JSON.parse(readFileSync(join(repo, 'r.json'), 'utf8'))
    expect(report.metrics[0]).toMatchObject({ candidate: 0.85, baseline: 0.9, passed: false })
    const missing = await runCli(['gate-model', '--candidate', 'metrics.json', '--baseline', 'git:nope:metrics.json'], { cwd: repo })
    expect(missing.exitCode).toBe(2)
    expect(missing.stderr).toContain("Unknown git ref 'nope'")
    git('commit', '-qam', 'second')
    const shallow = tmp()
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, shallow])
    const r2 = await runCli(['gate-model', '--candidate', 'metrics.json', '--baseline', 'git:HEAD~1:metrics.json', '--rules', 'accuracy >= 0.5'], { cwd: shallow })
    expect(r2.exitCode).toBe(2)
    expect(r2.stderr).toContain("this is a shallow clone; fetch history first (actions/checkout with 'fetch-depth: 0'")
  })

  describe('MLflow registry over its REST API', () => {
    const mlflow = new FakeServer()
    afterAll(() => mlflow.stop())
    mlflow.on('GET', '/api/2.0/mlflow/registered-models/alias', (req) => {
      if (req.query.get('name') !== 'fraud' || req.query.get('alias') !== 'champion') return { status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no such alias' } }
      return { body: { model_version: { name: 'fraud', version: '3', run_id: 'run-champion', aliases: ['champion'] } } }
    })
    mlflow.on('GET', '/api/2.0/mlflow/model-versions/get', (req) => ({ body: { model_version: { name: req.query.get('name'), version: req.query.get('version'), run_id: 'run-candidate' } } }))
    mlflow.on('GET', '/api/2.0/mlflow/runs/get', (req) => {
      const metrics = req.query.get('run_id') === 'run-champion' ? [{ key: 'auc', value: 0.9, timestamp: 1, step: 0 }] : [{ key: 'auc', value: 0.93, timestamp: 2, step: 0 }]
      return { body: { run: { info: { run_id: req.query.get('run_id') }, data: { metrics } } } }
    })
    mlflow.on('POST', '/api/2.0/mlflow/model-versions/set-tag', (req) => (checkBody(req.body, ['name', 'version', 'key', 'value'], []) ? mlflow.reject('set-tag shape') : { body: {} }))
    mlflow.on('POST', '/api/2.0/mlflow/registered-models/alias', (req) => (checkBody(req.body, ['name', 'alias', 'version'], []) ? mlflow.reject('alias shape') : { body: {} }))

    it('reads the champion by alias, tags the candidate and moves the alias when the gate passes', async () => {
      const url = await mlflow.start()
      const r = await runCli([
        'gate-model',
        '--candidate',
        'mlflow:fraud/4',
        '--baseline',
        'mlflow:fraud@champion',
        '--rules',
        'auc >= baseline + 0.01',
        '--mlflow-tracking-uri',
        url,
        '--mlflow-token',
        'tok',
        '--promote-alias',
        'champion',
      ])
      expect(r.exitCode, r.stderr).toBe(0)
      expect(mlflow.problems).toEqual([])
      expect(mlflow.unexpected).toEqual([])
      expect(mlflow.find('POST', '/api/2.0/mlflow/model-versions/set-tag')[0].body).toEqual({ name: 'fraud', version: '4', key: 'mlgate.verdict', value: 'pass' })
      expect(mlflow.find('POST', '/api/2.0/mlflow/registered-models/alias')[0].body).toEqual({ name: 'fraud', alias: 'champion', version: '4' })
      expect(mlflow.requests.every((q) => q.headers.authorization === 'Bearer tok')).toBe(true)
    })

    it('an unknown alias is one clear sentence (exit 2)', async () => {
      const r = await runCli(['gate-model', '--candidate', join(DATA, 'metrics-candidate.json'), '--baseline', 'mlflow:fraud@nope', '--mlflow-tracking-uri', mlflow.url])
      expect(r.exitCode).toBe(2)
      expect(r.stderr).toContain('no such alias')
    })
  })
})

/** A zip archive with stored (uncompressed) entries. */
function zipStored(files: Record<string, string>): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text)
    const n = Buffer.from(name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(n.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(n.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, n, data)
    centrals.push(central, n)
    offset += 30 + n.length + data.length
  }
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(files).length, 8)
  end.writeUInt16LE(Object.keys(files).length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

describe('artifact:<name> baseline from the latest successful run on the default branch (GitHub API)', () => {
  const gh = new FakeServer()
  afterAll(() => gh.stop())
  gh.on('GET', '/repos/acme/models', () => ({ body: { default_branch: 'main' } }))
  gh.on('GET', '/repos/acme/models/actions/runs', (req) =>
    req.query.get('branch') === 'main' && req.query.get('status') === 'success'
      ? { body: { total_count: 2, workflow_runs: [{ id: 51 }, { id: 50 }] } }
      : gh.reject('runs: branch=main&status=success expected'),
  )
  gh.on('GET', '/repos/acme/models/actions/workflows/train.yml/runs', () => ({ body: { total_count: 1, workflow_runs: [{ id: 50 }] } }))
  gh.on('GET', '/repos/acme/models/actions/runs/:run/artifacts', (_req, p) => ({ body: { artifacts: p.run === '50' ? [{ id: 9, name: 'model-metrics', expired: false }] : [] } }))
  gh.on('GET', '/repos/acme/models/actions/artifacts/9/zip', () => ({ body: zipStored({ 'metrics.json': '{"accuracy": 0.91, "f1": 0.8}' }) }))

  it('finds the artifact in the newest run that has it and reads its metrics', async () => {
    const api = await gh.start()
    const { runGithubAction } = await import('../harness/github.ts')
    const r = await runGithubAction('gate-model', { candidate: join(DATA, 'metrics-baseline.json'), baseline: 'artifact:model-metrics', rules: 'accuracy >= baseline - 0.01' }, { apiUrl: api })
    expect(r.exitCode, r.stdout).toBe(1)
    expect(gh.problems).toEqual([])
    expect(r.summary).toContain('0.91')
    expect(gh.requests.every((q) => q.headers.authorization === 'Bearer ghs_faketoken')).toBe(true)
  })

  it('looks only at runs of the same workflow when the runner names it (GITHUB_WORKFLOW_REF)', async () => {
    const api = gh.url || (await gh.start())
    const { runGithubAction } = await import('../harness/github.ts')
    const before = gh.requests.length
    const r = await runGithubAction(
      'gate-model',
      { candidate: join(DATA, 'metrics-baseline.json'), baseline: 'artifact:model-metrics', rules: 'accuracy >= baseline - 0.01' },
      { apiUrl: api, env: { GITHUB_WORKFLOW_REF: 'acme/models/.github/workflows/train.yml@refs/heads/main' } },
    )
    expect(r.exitCode, r.stdout).toBe(1)
    expect(gh.requests.slice(before).map((q) => q.path)).toContain('/repos/acme/models/actions/workflows/train.yml/runs')
  })
})
