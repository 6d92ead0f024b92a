import type { Scenario } from '../scenario.ts'
import { CHECK_REPRODUCIBILITY } from './check-reproducibility.ts'
import { DETECT_DRIFT } from './detect-drift.ts'
import { GATE_MODEL } from './gate-model.ts'
import { REQUIRE_APPROVAL } from './require-approval.ts'
import { VALIDATE_DATA } from './validate-data.ts'

/** The one table every platform runs. */
export const SCENARIOS: Scenario[] = [...VALIDATE_DATA, ...DETECT_DRIFT, ...GATE_MODEL, ...CHECK_REPRODUCIBILITY, ...REQUIRE_APPROVAL]
