import { ConfigurationError, runEvidenceBundle, runReportHtml } from '@mlgate/core'

/** `mlgate evidence bundle --dir D --out F`: merges a job's in-toto statements. */
export async function runEvidenceCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv
  if (sub !== 'bundle') throw new ConfigurationError(`Unknown command 'evidence ${sub ?? ''}'; use 'mlgate evidence bundle [--dir D] [--out F]'.`)
  const opts: Record<string, string> = { dir: '.mlgate/evidence', out: 'evidence-bundle.jsonl' }
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i].replace(/^--/, '')
    if (!(name in opts) || rest[i + 1] === undefined) throw new ConfigurationError(`Unknown or incomplete option '${rest[i]}' for 'mlgate evidence bundle'.`)
    opts[name] = rest[i + 1]
  }
  const r = await runEvidenceBundle({ dir: opts.dir, out: opts.out })
  console.log(`Bundled ${r.count} statements into ${r.bundlePath}; audit summary: ${r.summaryPath}`)
  return 0
}

/** `mlgate report html --reports DIR --out FILE`: one self-contained HTML page for a run. */
export async function runReportCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv
  if (sub !== 'html') throw new ConfigurationError(`Unknown command 'report ${sub ?? ''}'; use 'mlgate report html --reports DIR --out FILE'.`)
  const opts: Record<string, string> = { reports: '.mlgate/reports', out: 'mlgate-report.html' }
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i].replace(/^--/, '')
    if (!(name in opts) || rest[i + 1] === undefined) throw new ConfigurationError(`Unknown or incomplete option '${rest[i]}' for 'mlgate report html'.`)
    opts[name] = rest[i + 1]
  }
  const r = await runReportHtml({ reports: opts.reports, out: opts.out })
  console.log(`Wrote ${r.out} from ${r.count} report(s)`)
  return 0
}
