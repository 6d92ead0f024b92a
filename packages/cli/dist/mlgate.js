#!/usr/bin/env node
// The mlgate command; its code is in main.js.
import module from 'node:module'

module.enableCompileCache?.()
await import('./main.js')
