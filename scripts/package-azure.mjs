// npm run package:azure: builds the .vsix with every Azure task (tfx-cli works offline).
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './bundle.mjs'

const outDir = join(ROOT, process.argv[2] ?? 'out')
mkdirSync(outDir, { recursive: true })
const tasksDir = join(ROOT, 'tasks')
for (const d of readdirSync(tasksDir)) if (/V\d+$/.test(d)) copyFileSync(join(tasksDir, 'icon.png'), join(tasksDir, d, 'icon.png'))
// each agent task ships its whole directory: the worker threads' entry must be there beside the task's bundle;
// a server task (MlgateVerdictV1: an HttpRequest handler the server runs) ships its task.json only
const agentTask = (d) => !JSON.parse(readFileSync(join(tasksDir, d, 'task.json'), 'utf8')).execution?.HttpRequest
const lacking = readdirSync(tasksDir).filter((d) => /V\d+$/.test(d) && agentTask(d) && !existsSync(join(tasksDir, d, 'dist/worker.cjs')))
if (lacking.length) throw new Error(`${lacking.join(', ')}: dist/worker.cjs is missing; run 'npm run build' first.`)
const tfx = join(ROOT, 'node_modules/tfx-cli/_build/tfx-cli.js')
execFileSync(process.execPath, [tfx, 'extension', 'create', '--root', tasksDir, '--manifest-globs', 'vss-extension.json', '--output-path', outDir, '--no-prompt', '--no-color'], {
  stdio: 'inherit',
  env: { ...process.env, TFX_TRACE: '' },
})
