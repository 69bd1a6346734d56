import { performance } from 'node:perf_hooks'
import { channelFacts } from '../channels/catalog'
import { WeComSender, type SendResult } from '../channels/wecom/sender'
import { maskUrl, redact } from '../secrets/mask'
import { parseProxy } from '../settings/fields'
import { runHttpStages, signedRobot } from './http-stage'
import { runNetworkStages } from './network-stages'
import { plainHttpUrl, runReachStages } from './reach-stage'
import { ms } from './probes'
import { inputSecrets, testCurl, testMessages } from './test-request'
import {
  STAGE_ORDER,
  type ConnectivityInput,
  type ConnectivityReport,
  type StageResult,
} from './diagnose-types'
import { mapText, say, type CoreText } from '../text/core-text'

// The connectivity test's orchestration: it runs the stages in order and streams each result.
// The parts: `diagnose-types.ts` (stages and the report), `test-request.ts` (what is sent, and its curl),
// `probes.ts` and `network-stages.ts` (proxy, DNS, TCP, TLS), `http-stage.ts` (send and errcode).

/** Read by the renderer's test page. */
export type { ConnectivityReport, StageResult } from './diagnose-types'

/**
 * The seed's `curl` check, staged: URL → proxy → DNS → TCP → TLS → HTTP → response. Each stage
 * says how long it took and, when it fails, what that means and what to do. The HTTP stage is a
 * real send through the same sender the relay uses for alerts, so a pass here means alerts work.
 */
export async function testWebhook(
  input: ConnectivityInput,
  onStage: (stage: StageResult) => void = () => {},
  sender: WeComSender = new WeComSender(),
): Promise<ConnectivityReport> {
  const timeoutMs = input.timeoutMs ?? 10_000
  const secrets = inputSecrets(input)
  const stages: StageResult[] = []
  const record = (s: StageResult) => {
    const hide = (x: CoreText) => mapText(x, (t) => redact(t, secrets))
    const clean = {
      ...s,
      detail: hide(s.detail),
      explanation: s.explanation && hide(s.explanation),
    }
    stages.push(clean)
    onStage(clean)
    return clean
  }
  const skipRest = (reason: CoreText) => {
    for (const stage of STAGE_ORDER)
      if (!stages.some((s) => s.stage === stage))
        record({ stage, status: 'skipped', durationMs: 0, detail: reason })
  }

  const test = testMessages(input)
  const { type, mentions, bodies } = test
  const report = (
    ok: boolean,
    send?: SendResult,
    proxy = input.proxy ?? '',
  ): ConnectivityReport => ({
    ok,
    dryRun: !!input.dryRun,
    stages,
    failedStage: stages.find((s) => s.status === 'failed')?.stage,
    request: {
      method: 'POST',
      url: redact(maskUrl(input.url), secrets),
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      bodies,
    },
    send,
    type,
    curl: testCurl({ ...input, proxy }),
  })

  // 1. URL
  const t = performance.now()
  const facts = channelFacts(type)
  const parseUrl = facts.capabilities.endpoint === 'robot-urls' ? facts.parseRobotUrl : undefined
  if (!parseUrl) {
    record({
      stage: 'url',
      status: 'failed',
      durationMs: ms(t),
      detail: say('diag.typeChannel', { type }),
      explanation: say('diag.notRobot', { kind: facts.name }),
      fix: say('diag.notRobotFix'),
    })
    skipRest(say('diag.notReached'))
    return report(false)
  }
  const parsedUrl = parseUrl(input.url)
  // A plain http(s) address that is not a robot's (no key): the test still checks that the host
  // answers, then says what the address lacks (a dry run has nothing to check: it fails here).
  const reachOnly = parsedUrl.ok || input.dryRun ? undefined : plainHttpUrl(input.url)
  if (!parsedUrl.ok && !reachOnly) {
    record({
      stage: 'url',
      status: 'failed',
      durationMs: ms(t),
      detail: say('diag.invalid'),
      explanation: parsedUrl.error,
      fix: say('reply.badWebhookFix'),
    })
    skipRest(say('diag.notReached'))
    return report(false)
  }
  if (mentions.ok && reachOnly) {
    record({
      stage: 'url',
      status: 'warning',
      durationMs: ms(t),
      detail: say('diag.reachOnly', {
        url: redact(`${reachOnly.protocol}//${reachOnly.host}${reachOnly.pathname}`, secrets),
      }),
      explanation: parsedUrl.ok ? undefined : parsedUrl.error,
    })
  }
  if (!mentions.ok) {
    record({
      stage: 'url',
      status: 'failed',
      durationMs: ms(t),
      detail: say('diag.badMentions'),
      explanation: mentions.error,
      fix: say('diag.fixMobiles'),
    })
    skipRest(say('diag.notReached'))
    return report(false)
  }
  const target = parsedUrl.ok ? new URL(parsedUrl.value) : reachOnly!
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80)
  if (parsedUrl.ok)
    record({
      stage: 'url',
      status: parsedUrl.warning ? 'warning' : 'ok',
      durationMs: ms(t),
      detail: say('diag.urlOf', {
        kind: facts.name,
        robot: signedRobot(
          type,
          redact(`${target.protocol}//${target.host}${target.pathname}`, secrets),
          input.signatureKey,
        ),
      }),
      explanation: parsedUrl.warning,
    })

  // 2. Proxy
  let proxy = ''
  if (input.proxy?.trim()) {
    const p = parseProxy(input.proxy)
    if (!p.ok) {
      record({
        stage: 'proxy',
        status: 'failed',
        durationMs: 0,
        detail: say('diag.invalid'),
        explanation: p.error,
        fix: say('diag.proxyFix'),
      })
      skipRest(say('diag.notReached'))
      return report(false)
    }
    proxy = p.value
  }
  if (input.dryRun) {
    record({
      stage: 'proxy',
      status: proxy ? 'ok' : 'skipped',
      durationMs: 0,
      detail: proxy ? say('diag.wouldUseProxy', { proxy: maskUrl(proxy) }) : say('diag.noProxy'),
    })
    skipRest(say('diag.dryRun'))
    return report(true, undefined, proxy)
  }

  // 2–5. The proxy tunnel, or DNS and TCP; then TLS.
  const recorder = { record, skipRest }
  const net = await runNetworkStages(target, port, proxy, timeoutMs, recorder)
  if (!net.ok) return report(false, undefined, net.proxy)

  // 6–7. HTTP and the robot's response, through the real sender; for a plain address, a GET.
  if (!parsedUrl.ok) {
    const reach = await runReachStages(target, proxy, timeoutMs, parsedUrl.error, recorder)
    return {
      ...report(false, undefined, proxy),
      reached: reach.status === undefined ? undefined : target.host,
    }
  }
  const http = await runHttpStages(input, parsedUrl.value, proxy, timeoutMs, test, sender, recorder)
  return report(http.ok, http.send, proxy)
}
