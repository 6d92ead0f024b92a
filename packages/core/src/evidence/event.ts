import { ConfigurationError } from '../errors.ts'
import type { InputSpec, TaskContext, TaskResult } from '../task.ts'

/** The variable a retrain run names its drift event by (the monitor dispatches it with input mlgate-event). */
export const EVENT_VARIABLE = 'MLGATE_EVENT'

/** gate-model's and require-approval's `event-id`: the drift event this run answers, carried by its evidence statement. */
export const EVENT_ID_INPUT: InputSpec = {
  type: 'string',
  default: '',
  description: "The drift event this run answers (the monitor's mlgate-event), named in the evidence statement; default: the variable MLGATE_EVENT.",
  group: 'advanced',
}

/** An event id goes into run titles, build numbers, tags and WIQL: letters, digits, '.', '_', ':' and '-' only. */
const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/

/** The run's drift event: input event-id, else the variable MLGATE_EVENT; undefined when neither is set. */
export function runEvent(ctx: Pick<TaskContext, 'inputs' | 'platform'>): { id: string } | undefined {
  const input = ctx.inputs.optional('event-id')?.trim()
  const id = input || ctx.platform.env[EVENT_VARIABLE]?.trim()
  if (!id) return undefined
  if (!EVENT_ID.test(id))
    throw new ConfigurationError(`${input ? "Input 'event-id'" : `The variable ${EVENT_VARIABLE}`} ('${id.slice(0, 60)}') is not a drift event id: use letters, digits, '.', '_', ':' and '-' only.`)
  return { id }
}

/** The task's result with its drift event in the report body, where the evidence statement takes it from. */
export function withRunEvent(ctx: Pick<TaskContext, 'inputs' | 'platform'>, run: () => Promise<TaskResult>): Promise<TaskResult> {
  const event = runEvent(ctx)
  return run().then((r) => {
    if (event) r.report.body = { ...r.report.body, event }
    return r
  })
}
