import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The folder of this package's package.json: the same answer from `dist/` and from the sources. */
export function packageRoot(from = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from)
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'wecom-alert-relay'
    )
      return dir
    const parent = dirname(dir)
    if (parent === dir)
      throw new Error('Cannot find the wecom-alert-relay package folder: reinstall the package.')
    dir = parent
  }
}

/** The built window (Vite output). */
export function rendererDir(): string {
  return join(packageRoot(), 'dist', 'renderer')
}
