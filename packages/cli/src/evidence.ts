import { ConfigurationError, runEvidenceBundle, runReportHtml } from '@mlgate/core'

/** `--name value` pairs of a sub-command, each name known in advance with its default. */
function options(argv: string[], defaults: Record<string, string>, command: string): Record<string, string> {
  const opts = { ...defaults }
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '')
    if (!(name in opts) || argv[i + 1] === undefined) throw new ConfigurationError(`Unknown or incomplete option '${argv[i]}' for 'mlgate ${command}'.`)
    opts[name] = argv[i + 1]
  }
  return opts
}

/** `mlgate evidence bundle --dir D --out F`: merges a job's in-toto statements. */
export async function runEvidenceCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv
  if (sub !== 'bundle') throw new ConfigurationError(`Unknown command 'evidence ${sub ?? ''}'; use 'mlgate evidence bundle [--dir D] [--out F]'.`)
  const opts = options(rest, { dir: '.mlgate/evidence', out: 'evidence-bundle.jsonl' }, 'evidence bundle')
  const r = await runEvidenceBundle({ dir: opts.dir, out: opts.out })
  console.log(`Bundled ${r.count} statements into ${r.bundlePath}; audit summary: ${r.summaryPath}`)
  return 0
}

/** `mlgate report html --reports DIR --out FILE`: one self-contained HTML page for a run. */
export async function runReportCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv
  if (sub !== 'html') throw new ConfigurationError(`Unknown command 'report ${sub ?? ''}'; use 'mlgate report html --reports DIR --out FILE'.`)
  const opts = options(rest, { reports: '.mlgate/reports', out: 'mlgate-report.html' }, 'report html')
  const r = await runReportHtml({ reports: opts.reports, out: opts.out })
  console.log(`Wrote ${r.out} from ${r.count} report(s)`)
  return 0
}
