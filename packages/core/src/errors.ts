/** A mistake the user can fix: bad input, missing file, malformed data. Reported as one sentence, exit code 2. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError'
}

/** Raised by a task when an external command or service failed in a way that is neither a verdict nor a bug. */
export class TroubleError extends ConfigurationError {}

/** The system error code (ECONNREFUSED, ENOTFOUND, …) down an error's cause chain: what a request that got no answer failed on. */
export function systemErrorCode(e: unknown): string | undefined {
  for (let c = e; c; c = (c as { cause?: unknown }).cause) if (typeof (c as { code?: unknown }).code === 'string') return (c as { code: string }).code
  return undefined
}

export function wrapError(e: unknown): Error {
  if (e instanceof Error) return e
  return new Error(typeof e === 'string' ? e : JSON.stringify(e))
}

/** Turns a Node fs error into a ConfigurationError naming the path, or rethrows. */
export function fileError(e: unknown, path: string, role = 'file'): never {
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') throw new ConfigurationError(`The ${role} '${path}' does not exist.`)
  if (code === 'EISDIR') throw new ConfigurationError(`The ${role} '${path}' is a directory, not a file.`)
  if (code === 'EACCES' || code === 'EPERM') throw new ConfigurationError(`The ${role} '${path}' cannot be read (permission denied).`)
  throw e
}
