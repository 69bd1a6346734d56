import { performance } from 'node:perf_hooks'
import { explainNetworkError } from '../channels/network-errors'
import { DispatcherPool } from '../channels/proxy'
import { undici } from '../channels/undici'
import { ms } from './probes'
import type { StageRecorder } from './diagnose-types'
import { asWritten, say, type CoreText } from '../text/core-text'

/**
 * An address that is a plain http(s) URL but not a robot's webhook (`http://host:port/`, no key):
 * the staged test still checks that the host answers, so a person checking reachability learns
 * that the network path works before being told what the address lacks.
 */
export function plainHttpUrl(url: string): URL | undefined {
  try {
    const u = new URL(url.trim())
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined
  } catch {
    return undefined
  }
}

/**
 * Stages 6–7 for such an address: a GET (nothing is posted: there is no robot to post to), then
 * the verdict that the host answered and what the address is missing (`missing`: the robot URL
 * parser's sentence). Always a failed test: no message reached a group.
 */
export async function runReachStages(
  target: URL,
  proxy: string,
  timeoutMs: number,
  missing: CoreText,
  { record, skipRest }: StageRecorder,
): Promise<{ ok: false; status?: number }> {
  const pool = new DispatcherPool()
  const t = performance.now()
  try {
    const res = await undici().request(target, {
      method: 'GET',
      dispatcher: pool.get(proxy, target, timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    })
    await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined)
    record({
      stage: 'http',
      status: 'ok',
      durationMs: ms(t),
      detail: say('diag.reachGet', { status: res.statusCode }),
    })
    record({
      stage: 'response',
      status: 'failed',
      durationMs: 0,
      detail: say('diag.reachNotRobot'),
      explanation: say('diag.reachAnswered', { host: target.host }),
      fix: missing,
    })
    return { ok: false, status: res.statusCode }
  } catch (err) {
    const failure = explainNetworkError(err, !!proxy, timeoutMs)
    record({
      stage: 'http',
      status: 'failed',
      durationMs: ms(t),
      detail: asWritten(failure.code),
      explanation: failure.meaning,
      fix: failure.fix,
    })
    skipRest(say('diag.notReached'))
    return { ok: false }
  } finally {
    await pool.close(0)
  }
}
