import type { IncomingMessage, ServerResponse } from 'node:http'

/** The body was over the limit; `declared` when the Content-Length header said so up front. */
export class BodyTooLarge extends Error {
  constructor(
    readonly limit: number,
    readonly declared?: number,
  ) {
    super(`request body over ${limit} bytes`)
    this.name = 'BodyTooLarge'
  }
}

/**
 * Reads a request body, at most `max` bytes: a declared length over it is refused before reading,
 * and a body that grows past it is cut off. Throws BodyTooLarge; each server words its own answer.
 */
export async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (declared > max) throw new BodyTooLarge(max, declared)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > max) throw new BodyTooLarge(max)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** A JSON answer; never cached, never sniffed as anything else. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    })
    .end(JSON.stringify(body))
}
