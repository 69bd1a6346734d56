import { channelFacts } from '../channels/catalog'
import { oneOffSender } from '../channels/registry'
import type { ChannelType } from '../channels/type-names'
import type { SendResult, WeComSender } from '../channels/wecom/sender'
import type { testMessages } from './test-request'
import type { ConnectivityInput, StageRecorder } from './diagnose-types'
import { asWritten, say, type CoreText } from '../text/core-text'

/**
 * Stages 6–7: a real send through the same sender the relay uses for alerts (and the @mention
 * follow-up, if any), then the robot's answer read by its errcode, a signature rejection explained.
 */
export async function runHttpStages(
  input: ConnectivityInput,
  url: string,
  proxy: string,
  timeoutMs: number,
  { type, channel, messages, bodies }: ReturnType<typeof testMessages>,
  sender: WeComSender,
  { record, skipRest }: StageRecorder,
): Promise<{ ok: boolean; send: SendResult }> {
  const robot = {
    url,
    proxy,
    signatureKey: input.signatureKey,
    timeoutMs,
    verify: input.verify,
  }
  // WeCom's bodies go through the sender passed in (the app's); a type writing its own body
  // through a sender of its own, closed after the test.
  const typed = channel ? oneOffSender(type) : undefined
  const sendOne = (i: number): Promise<SendResult> =>
    typed && channel
      ? typed.sender.send(
          { ...channel, proxy, verify: input.verify ?? channel.verify },
          url,
          messages[i]!,
        )
      : sender.send(robot, bodies[i] as Parameters<WeComSender['send']>[1])
  let send: SendResult
  try {
    send = await sendOne(0)
  } finally {
    await typed?.close()
  }
  if (send.httpStatus === undefined) {
    record({
      stage: 'http',
      status: 'failed',
      durationMs: send.latencyMs,
      detail: asWritten(send.errorCode ?? 'failed'),
      explanation: send.explanation,
      fix: send.fix,
    })
    skipRest(say('diag.notReached'))
    return { ok: false, send }
  }
  record({
    stage: 'http',
    status: 'ok',
    durationMs: send.latencyMs,
    detail: say('diag.sent', { status: send.httpStatus, bytes: send.requestBytes }),
  })
  if (send.ok && bodies[1]) {
    const mention = await sendOne(1)
    if (!mention.ok)
      send = {
        ...mention,
        explanation: say('diag.mentionFailed', { reason: mention.explanation }),
      }
  }
  const signing = channelFacts(type).capabilities.signing
  if (!send.ok && send.errcode === signing.rejectedCode) {
    send = {
      ...send,
      explanation: signing.rejected,
      fix: input.signatureKey ? say('diag.signatureFix') : say('diag.signatureMissingFix'),
    }
  }
  record({
    stage: 'response',
    status: send.ok ? 'ok' : 'failed',
    durationMs: 0,
    detail: asWritten(
      send.errcode !== undefined
        ? `errcode ${send.errcode}${send.errmsg ? `: ${send.errmsg}` : ''}`
        : (send.response ?? '').slice(0, 200),
    ),
    explanation: send.ok ? undefined : send.explanation,
    fix: send.ok ? undefined : send.fix,
  })
  return { ok: send.ok, send }
}

/** How the URL stage names the robot: its masked address, and how it is signed when it has a key. */
export function signedRobot(type: ChannelType, robot: string, key?: string): string | CoreText {
  return key ? channelFacts(type).capabilities.signing.signed(robot) : robot
}
