import type { Report } from './model.ts'

/** The JSON report: common fields, then the task's own fields at the top level. */
function reportToJson(report: Report): Record<string, unknown> {
  return {
    $schema: `https://mlgate.dev/schemas/${report.task}.report.json`,
    task: report.task,
    title: report.title,
    verdict: report.verdict,
    headline: report.headline,
    ...report.body,
    checks: report.checks,
    inputs: report.inputs,
    policy: report.policy,
    timings: report.timings,
    tool: report.tool,
  }
}

export function renderJson(report: Report): string {
  return JSON.stringify(reportToJson(report), null, 2) + '\n'
}
