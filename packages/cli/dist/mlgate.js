#!/usr/bin/env node
// The mlgate command; its code is in main.js.
import module from 'node:module'
import { startThreadsForLargeInputs } from './early.js'

module.enableCompileCache?.()
// large CSV inputs are read on worker threads: they boot while the code loads
startThreadsForLargeInputs(process.argv.slice(2))
await import('./main.js')
