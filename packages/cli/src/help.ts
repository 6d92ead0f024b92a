import type { TaskDefinition } from '@mlgate/core'
import { TASKS, TOOL_VERSION } from '@mlgate/core'

export function mainHelp(): string {
  const width = Math.max(...TASKS.map((t) => t.id.length))
  return [
    `mlgate ${TOOL_VERSION} — MLOps stages for the CI/CD you already have`,
    '',
    'Usage: mlgate <task> [--input value ...]',
    '       mlgate <task> --help',
    '       mlgate profile merge <profiles…> [--expect-shards n] --out merged.profile.json',
    '       mlgate evidence bundle [--dir .mlgate/evidence] [--out evidence-bundle.jsonl]   (reads *.json statements and *.jsonl bundles, subdirectories too)',
    '       mlgate report html --reports <dir of JSON reports> --out report.html',
    '       mlgate azure gate-check --org <org> --project <project> --run <build id> --task <task> [--warn-passes]',
    '',
    'Tasks:',
    ...TASKS.map((t) => `  ${t.id.padEnd(width)}  ${t.description}`),
    '',
    'Exit codes: 0 pass or warn, 1 fail (the gate said no), 2 error (bad input or trouble).',
  ].join('\n')
}

export function taskHelp(task: TaskDefinition): string {
  const lines = [`mlgate ${task.id} — ${task.description}`, '', `Usage: mlgate ${task.id} [options]`, '', 'Options:']
  for (const [name, spec] of Object.entries(task.inputs)) {
    const flag = spec.type === 'boolean' ? `--${name}` : `--${name} <${spec.type === 'choice' ? spec.choices?.join('|') : spec.type === 'path' ? 'path' : 'value'}>`
    const extra = [spec.required ? 'required' : '', spec.default ? `default: ${spec.default}` : ''].filter(Boolean).join('; ')
    lines.push(`  ${flag}`, `      ${spec.description}${extra ? ` (${extra})` : ''}`)
  }
  lines.push('', 'Outputs (printed at the end):', ...Object.entries(task.outputs).map(([n, o]) => `  ${n}: ${o.description}`))
  return lines.join('\n')
}
