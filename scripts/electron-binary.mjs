// Where Electron's binary is, if it was downloaded: without require('electron'), which (since
// Electron 3x) tries to download the binary when it is missing — a long failure offline.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** @returns {string | undefined} */
export function electronBinary() {
  let pkgDir
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return undefined
  }
  const pathFile = join(pkgDir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const relative = readFileSync(pathFile, 'utf8').trim()
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkgDir, 'dist')
  const full = join(dist, relative)
  return existsSync(full) ? full : undefined
}
