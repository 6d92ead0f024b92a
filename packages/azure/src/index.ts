import type { TaskDefinition } from '@mlgate/core'
import { nodeHost, runTask } from '@mlgate/core'
import { azurePlatform } from './platform.ts'

export { azurePlatform } from './platform.ts'

/** Entry of every Azure task bundle. */
export async function runAzureTask(task: TaskDefinition): Promise<void> {
  await runTask(task, azurePlatform(), nodeHost())
}
