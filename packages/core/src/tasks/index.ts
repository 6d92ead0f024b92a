import type { TaskDefinition } from '../task.ts'
import { checkReproducibility } from './check-reproducibility.ts'
import { detectDriftTask } from './detect-drift.ts'
import { gateModel } from './gate-model.ts'
import { monitorTask } from './monitor.ts'
import { profileTask } from './profile.ts'
import { requireApproval } from './require-approval.ts'
import { validateData } from './validate-data.ts'

/** Every task mlgate ships, in pipeline order. Each task module adds itself here. */
export const TASKS: TaskDefinition[] = [validateData, detectDriftTask, gateModel, checkReproducibility, requireApproval, monitorTask, profileTask]

export function findTask(id: string): TaskDefinition | undefined {
  return TASKS.find((t) => t.id === id)
}
