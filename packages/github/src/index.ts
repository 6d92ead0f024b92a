import type { TaskDefinition } from '@mlgate/core'
import { nodeHost, runTask } from '@mlgate/core'
import { githubPlatform } from './platform.ts'

export { githubPlatform } from './platform.ts'

/** Entry of every action bundle: run one task on the GitHub runner. */
export async function runAction(task: TaskDefinition): Promise<void> {
  await runTask(task, githubPlatform(), nodeHost())
}
