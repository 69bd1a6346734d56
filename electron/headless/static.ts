import { createReadStream, existsSync, statSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
}

/**
 * Serves the built renderer. Paths are resolved inside `root` only; anything else, or a missing
 * file, falls back to index.html (the app routes on the client).
 */
export function serveStatic(root: string, pathname: string, res: ServerResponse): boolean {
  const base = resolve(root)
  let file = resolve(join(base, normalize(decodeURIComponent(pathname))))
  if (file !== base && !file.startsWith(base + sep)) file = join(base, 'index.html')
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(base, 'index.html')
  if (!existsSync(file)) return false
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': file.includes(`${sep}assets${sep}`)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
    'x-content-type-options': 'nosniff',
  })
  createReadStream(file).pipe(res)
  return true
}
