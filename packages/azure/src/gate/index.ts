// The release-gate side of mlgate on Azure DevOps: the server task's definition and request, and the server-side
// expression language its Expression is written in (used by `mlgate azure gate-check` and the tests).
export { evaluate, holds, parseExpression } from './expression.ts'
export { selectPath } from './jsonpath.ts'
export { expandMacros } from './macros.ts'
export type { Macros } from './macros.ts'
export { gateRequest } from './request.ts'
export type { GateRequest } from './request.ts'
export { PROPERTY_PREFIX, VERDICT_EXPRESSION, VERDICT_TASK_DIR, VERDICT_URL, verdictProperty, verdictTaskJson } from './task.ts'
export { ExpressionError } from './values.ts'
export type { Value } from './values.ts'
