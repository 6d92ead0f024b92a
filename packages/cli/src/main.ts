import { ConfigurationError, findTask, nodeHost, runTask, TOOL_VERSION } from '@mlgate/core'
import { parseTaskArgs, suggest } from './args.ts'
import { mainHelp, taskHelp } from './help.ts'
import { cliPlatform } from './platform.ts'
import { profileArgs, profileHelp } from './profile.ts'
import { runEvidenceCommand, runReportCommand } from './evidence.ts'
import { runAzureCommand } from './azure-gate.ts'
import { TASKS } from '@mlgate/core'

/** `mlgate` entry: returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(mainHelp())
    return 0
  }
  if (command === '--version' || command === '-v') {
    console.log(TOOL_VERSION)
    return 0
  }
  try {
    if (command === 'evidence') return await runEvidenceCommand(rest)
    if (command === 'report') return await runReportCommand(rest)
    if (command === 'azure') return await runAzureCommand(rest)
    const task = findTask(command)
    if (!task)
      throw new ConfigurationError(
        `Unknown task '${command}'${suggest(
          command,
          TASKS.map((t) => t.id),
        ).replace('--', '')}. Run 'mlgate --help' for the list.`,
      )
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(task.id === 'profile' ? profileHelp(task) : taskHelp(task))
      return 0
    }
    const values = task.id === 'profile' ? profileArgs(task, rest) : parseTaskArgs(task, rest)
    const outcome = await runTask(task, cliPlatform({ values }), nodeHost())
    return outcome === 'fail' ? 1 : outcome === 'error' ? 2 : 0
  } catch (e) {
    if (e instanceof ConfigurationError) {
      process.stderr.write(`error: ${e.message}\n`)
      return 2
    }
    throw e
  }
}
