// The server-side expression language of Azure DevOps gates, as the tests evaluate it: the shipped evaluator
// (packages/azure/src/gate, which `mlgate azure gate-check` runs), re-exported, so that there is one evaluator.
export { evaluate, expandMacros, ExpressionError, gateRequest, holds, parseExpression, selectPath } from '../../packages/azure/src/gate/index.ts'
export type { GateRequest, Value } from '../../packages/azure/src/gate/index.ts'
