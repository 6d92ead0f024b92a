// Fault injection for child-process tests, loaded with NODE_OPTIONS=--require (main thread and every worker).
// MLGATE_FAULT selects one fault; MLGATE_FAULT_PATH is a regular expression on the paths it applies to.
'use strict'
const fs = require('node:fs')
const { syncBuiltinESMExports } = require('node:module')
const threads = require('node:worker_threads')

const fault = process.env.MLGATE_FAULT ?? ''
const target = new RegExp(process.env.MLGATE_FAULT_PATH ?? '^$')
const hits = (p) => typeof p === 'string' && target.test(p)
const errno = (code, syscall, path) => Object.assign(new Error(`${code}: injected, ${syscall} '${path}'`), { code, syscall, path })

function patch(object, name, wrap) {
  const original = object[name]
  object[name] = wrap(original)
}

if (fault === 'swallow-worker-messages' && threads.isMainThread) {
  // the original defect: the work is handed to a thread that never answers and does not keep the process alive
  patch(
    threads.Worker.prototype,
    'postMessage',
    () =>
      function () {
        this.unref()
      },
  )
}

if (fault === 'kill-worker' && threads.isMainThread) {
  // the first worker given a file to read (a chunk or a file to hash) is terminated while it holds it
  let killed = false
  const reads = (m) => m && typeof m === 'object' && ('chunk' in m || 'path' in m)
  patch(
    threads.Worker.prototype,
    'postMessage',
    (original) =>
      function (...args) {
        const r = original.apply(this, args)
        if (!killed && reads(args[0])) {
          killed = true
          void this.terminate()
        }
        return r
      },
  )
}

if (fault === 'enospc') {
  patch(fs.promises, 'writeFile', (original) => async (p, ...rest) => {
    if (hits(String(p))) {
      await original(p, '')
      throw errno('ENOSPC', 'write', String(p))
    }
    return original(p, ...rest)
  })
  patch(fs, 'writeFileSync', (original) => (p, ...rest) => {
    if (hits(String(p))) throw errno('ENOSPC', 'write', String(p))
    return original(p, ...rest)
  })
}

if (fault === 'eacces') {
  const deny =
    (original) =>
    (p, ...rest) => {
      if (hits(String(p))) throw errno('EACCES', 'open', String(p))
      return original(p, ...rest)
    }
  patch(fs, 'openSync', deny)
  patch(fs, 'readFileSync', deny)
  patch(fs, 'createReadStream', (original) => (p, ...rest) => {
    if (!hits(String(p))) return original(p, ...rest)
    const { Readable } = require('node:stream')
    const stream = new Readable({ read() {} })
    process.nextTick(() => stream.destroy(errno('EACCES', 'open', String(p))))
    return stream
  })
  patch(fs.promises, 'open', (original) => async (p, ...rest) => {
    if (hits(String(p))) throw errno('EACCES', 'open', String(p))
    return original(p, ...rest)
  })
  patch(fs.promises, 'readFile', (original) => async (p, ...rest) => {
    if (hits(String(p))) throw errno('EACCES', 'open', String(p))
    return original(p, ...rest)
  })
  patch(fs, 'open', (original) => (p, ...rest) => {
    if (hits(String(p))) {
      const cb = rest[rest.length - 1]
      return process.nextTick(cb, errno('EACCES', 'open', String(p)))
    }
    return original(p, ...rest)
  })
}

if (fault === 'change-while-read') {
  // the file grows right after its first bytes were read
  const changed = new Set()
  patch(fs, 'createReadStream', (original) => (p, ...rest) => {
    const stream = original(p, ...rest)
    if (hits(String(p)) && !changed.has(String(p)))
      stream.once('data', () => {
        changed.add(String(p))
        fs.appendFileSync(p, '9,9\n')
      })
    return stream
  })
}

syncBuiltinESMExports()
