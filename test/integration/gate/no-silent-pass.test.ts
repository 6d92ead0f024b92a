import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../harness/cli.ts'

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-gate-cli-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

describe('gate-model CLI: nothing passes without a rule', () => {
  const files = { 'c.json': '{"roc_auc": 0.80, "f1": 0.70}', 'b.json': '{"roc_auc": 0.90, "f1": 0.70}', 'p.csv': 'y_true,y_score\n0,0.1\n1,0.8\n0,0.6\n1,0.9\n' }

  it("rules ';' is exit 2 with one sentence naming the input", async () => {
    const r = await runCli(['gate-model', '--candidate', 'c.json', '--baseline', 'b.json', '--rules', ';'], { cwd: workspace(files) })
    expect(r.exitCode).toBe(2)
    expect(r.stderr.trim()).toBe(
      "error: The input 'rules' holds no rule; write one like 'accuracy >= 0.9' or 'f1 >= baseline - 0.01', or leave 'rules' empty to compare every known metric with the baseline.",
    )
  })

  it('a rule without a condition is exit 2 naming the metric', async () => {
    const r = await runCli(['gate-model', '--candidate', 'c.json', '--baseline', 'b.json', '--rules', 'metrics: {roc_auc: 0.99}'], { cwd: workspace(files) })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain("The rule for 'roc_auc' in input 'rules' has no condition")
  })

  it('without rules, a baseline metric the candidate lacks fails (exit 1) and is named', async () => {
    const r = await runCli(['gate-model', '--candidate', 'c1.json', '--baseline', 'b.json'], { cwd: workspace({ ...files, 'c1.json': '{"f1": 0.71}' }) })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('FAIL: promote: no — roc_auc missing on the candidate side')
  })

  it('predictions alone: the metrics are computed and reported, warn, exit 0', async () => {
    const dir = workspace(files)
    const r = await runCli(['gate-model', '--predictions', 'p.csv', '--report', 'r.json'], { cwd: dir })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/WARN: promote: no — no rule gated anything/)
    expect(r.stdout).toMatch(/\| roc_auc \| 1 \| predictions \|/)
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))
    expect(report).toMatchObject({ verdict: 'warn', promote: false, computed: { roc_auc: 1, accuracy: 0.75 } })
  })

  it('header-only predictions and single-class roc_auc say what is wrong', async () => {
    const dir = workspace({ 'h.csv': 'y_true,y_pred\n', 'one.csv': 'y_true,y_score\n1,0.2\n1,0.9\n' })
    const header = await runCli(['gate-model', '--predictions', 'h.csv', '--rules', 'accuracy >= 0.5'], { cwd: dir })
    expect(header.exitCode).toBe(2)
    expect(header.stderr.trim()).toBe("error: The candidate predictions 'h.csv' have no rows (only a header); every metric needs evaluation rows.")
    const one = await runCli(['gate-model', '--predictions', 'one.csv', '--rules', 'roc_auc >= 0.8'], { cwd: dir })
    expect(one.exitCode).toBe(2)
    expect(one.stderr.trim()).toBe("error: The rule on 'roc_auc' cannot be checked: roc_auc needs both classes in y_true of 'one.csv', found only 1.")
  })

  it('mlflow:<model> names both forms; a BOM before the metrics JSON is ignored', async () => {
    const dir = workspace({ ...files, 'bom.json': '\uFEFF{"roc_auc": 0.91, "f1": 0.7}' })
    const mlflow = await runCli(['gate-model', '--candidate', 'mlflow:fraud', '--rules', 'roc_auc >= 0.8'], { cwd: dir })
    expect(mlflow.exitCode).toBe(2)
    expect(mlflow.stderr).toContain('mlflow:<model>/<version> or mlflow:<model>@<alias>')
    const bom = await runCli(['gate-model', '--candidate', 'bom.json', '--baseline', 'b.json'], { cwd: dir })
    expect(bom.exitCode, bom.stderr).toBe(0)
  })
})
