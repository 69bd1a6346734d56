import { existsSync, readFileSync, statSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
}
/** Text types worth compressing (images and fonts are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.ico'])

type Encoding = 'br' | 'gzip'
/** Files compressed on first request when the build left no `.br`/`.gz` beside them. */
const cache = new Map<string, { key: string; body: Buffer }>()

/** The encoding to answer with: Brotli when the browser takes it, else gzip, else none. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const accepted = new Map<string, number>()
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    if (!name) continue
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean)
    accepted.set(name, q === undefined ? 1 : Number(q))
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0
  if (ok('br')) return 'br'
  if (ok('gzip')) return 'gzip'
  return undefined
}

function compressed(file: string, encoding: Encoding): Buffer {
  const pre = `${file}${encoding === 'br' ? '.br' : '.gz'}`
  if (existsSync(pre)) return readFileSync(pre)
  const st = statSync(file)
  const id = `${file}|${encoding}`
  const key = `${st.mtimeMs}|${st.size}`
  const hit = cache.get(id)
  if (hit?.key === key) return hit.body
  const raw = readFileSync(file)
  const body =
    encoding === 'br'
      ? brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
      : gzipSync(raw, { level: 6 })
  cache.set(id, { key, body })
  return body
}

/**
 * Serves the built renderer, compressed (Brotli or gzip, precompressed by the build or compressed
 * once and kept) with caching headers: hashed assets are immutable, index.html is revalidated so a
 * new build is picked up at once. Paths are resolved inside `root` only; a source map is never
 * served; anything else missing falls back to index.html (the app routes on the client).
 */
export function serveStatic(root: string, pathname: string, res: ServerResponse): boolean {
  const base = resolve(root)
  let file = resolve(join(base, normalize(decodeURIComponent(pathname))))
  if (file.endsWith('.map')) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.')
    return true
  }
  if (file !== base && !file.startsWith(base + sep)) file = join(base, 'index.html')
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(base, 'index.html')
  if (!existsSync(file)) return false
  const ext = extname(file)
  const hashed = file.includes(`${sep}assets${sep}`)
  const headers: Record<string, string> = {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'cache-control': hashed
      ? 'public, max-age=31536000, immutable'
      : ext === '.ico'
        ? 'public, max-age=86400'
        : 'no-cache',
    'x-content-type-options': 'nosniff',
  }
  const encoding = COMPRESSIBLE.has(ext)
    ? chooseEncoding(res.req?.headers['accept-encoding'])
    : undefined
  if (COMPRESSIBLE.has(ext)) headers.vary = 'Accept-Encoding'
  const body = encoding ? compressed(file, encoding) : readFileSync(file)
  if (encoding) headers['content-encoding'] = encoding
  headers['content-length'] = String(body.length)
  res.writeHead(200, headers)
  res.end(res.req?.method === 'HEAD' ? undefined : body)
  return true
}
