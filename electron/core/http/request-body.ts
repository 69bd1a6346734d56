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
export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (declared > max) return Promise.reject(new BodyTooLarge(max, declared))
  // Events rather than `for await`: the async iterator cost a promise per chunk on the ingest path.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > max) {
        done()
        // The rest is read and dropped, so the answer can still be sent on this connection.
        req.resume()
        reject(new BodyTooLarge(max))
      } else chunks.push(chunk)
    }
    const onEnd = () => {
      done()
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size))
    }
    const onError = (err: Error) => {
      done()
      reject(err)
    }
    const onClose = () => {
      if (!req.complete) onError(new Error('the request was cut off before its body ended'))
    }
    const done = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
  })
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
