import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A fresh directory (under `parent`, the system's temporary directory by default) holding these files: relative path → content. */
export function workspaceWith(prefix: string, files: Record<string, string | Uint8Array>, parent = tmpdir()): string {
  const dir = mkdtempSync(join(parent, prefix))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}
