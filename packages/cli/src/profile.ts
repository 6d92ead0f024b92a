import { ConfigurationError } from '@mlgate/core'
import type { TaskDefinition } from '@mlgate/core'
import { parseTaskArgs } from './args.ts'
import { taskHelp } from './help.ts'

const OPERATIONS = ['build', 'merge']

/**
 * `mlgate profile [build] --data … --out …` and `mlgate profile merge <profiles…> --out …`: the
 * subcommand is the task's operation input and the bare arguments of a merge are its profiles.
 */
export function profileArgs(task: TaskDefinition, argv: string[]): Map<string, string> {
  const operation = OPERATIONS.includes(argv[0]) ? argv[0] : 'build'
  const rest = OPERATIONS.includes(argv[0]) ? argv.slice(1) : argv
  const options: string[] = []
  const positional: string[] = []
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    options.push(arg)
    const spec = task.inputs[arg.slice(2)]
    // the value of `--name value` goes with its option (a boolean flag takes none)
    if (!arg.includes('=') && spec && spec.type !== 'boolean' && rest[i + 1] !== undefined) options.push(rest[++i])
  }
  if (operation === 'build' && positional.length)
    throw new ConfigurationError(`Unexpected argument '${positional[0]}' for 'mlgate profile'; name the data with --data, or merge profiles with 'mlgate profile merge <profiles…> --out …'.`)
  const values = parseTaskArgs(task, options)
  if (values.has('operation')) throw new ConfigurationError("Option '--operation' is not for the command line: use 'mlgate profile' to build and 'mlgate profile merge' to merge.")
  values.set('operation', operation)
  if (positional.length) values.set('profiles', [...(values.has('profiles') ? [values.get('profiles')!] : []), ...positional].join('\n'))
  return values
}

export function profileHelp(task: TaskDefinition): string {
  const usage = [
    'Usage: mlgate profile --data <files> [--edges-from reference.profile.json] [--shard i/n] --out <x.profile.json>',
    '       mlgate profile merge <profiles…> [--expect-shards n] --out <x.profile.json>',
    '',
    'Profile the reference once (its bin edges are frozen into it), then each shard of the current data with',
    '--edges-from the reference profile; merge the shard profiles, and give profiles to detect-drift and',
    'validate-data wherever they take data.',
  ]
  // the operation is the subcommand on the command line, not an option
  const inputs = Object.fromEntries(Object.entries(task.inputs).filter(([name]) => name !== 'operation'))
  const lines = taskHelp({ ...task, inputs }).split('\n')
  return [lines[0], '', ...usage, '', ...lines.slice(lines.indexOf('Options:'))].join('\n')
}
