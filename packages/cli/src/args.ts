import { ConfigurationError } from '@mlgate/core'
import type { TaskDefinition } from '@mlgate/core'

/** Parses `--name value`, `--name=value` and bare boolean flags against a task's declared inputs. */
export function parseTaskArgs(task: TaskDefinition, argv: string[]): Map<string, string> {
  const values = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--')) throw new ConfigurationError(`Unexpected argument '${arg}' for 'mlgate ${task.id}'; inputs are given as --name value.`)
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2)
    const spec = task.inputs[name]
    if (!spec) throw new ConfigurationError(`Unknown option '--${name}' for 'mlgate ${task.id}'${suggest(name, Object.keys(task.inputs))}. See 'mlgate ${task.id} --help'.`)
    let value: string
    if (eq > 0) value = arg.slice(eq + 1)
    else if (spec.type === 'boolean' && (argv[i + 1] === undefined || argv[i + 1].startsWith('--'))) value = 'true'
    else {
      if (argv[i + 1] === undefined) throw new ConfigurationError(`Option '--${name}' needs a value.`)
      value = argv[++i]
    }
    // repeated list-like options accumulate
    values.set(name, values.has(name) ? `${values.get(name)}\n${value}` : value)
  }
  return values
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0][j] = j
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
  return d[a.length][b.length]
}

export function suggest(name: string, known: string[]): string {
  let best: string | undefined
  let bestD = 3
  for (const k of known) {
    const dist = distance(name, k)
    if (dist < bestD) [best, bestD] = [k, dist]
  }
  return best ? ` — did you mean '--${best}'?` : ''
}
