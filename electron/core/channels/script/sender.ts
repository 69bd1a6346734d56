import { redact } from '../../secrets/mask'
import type { TemplateContext } from '../../templates/render'
import type { ChannelSender, MessageParts, PreparedMessage, SenderChannel } from '../channel-sender'
import { verifyResponse } from '../verify'
import type { SendResult } from '../wecom/sender'
import { runScript } from './run'
import { say } from '../../text/core-text'

/** What a script receives: its environment variables and its stdin. */
export interface ScriptInput {
  env: Record<string, string>
  stdin: string
  /** The rendered channel template, also in `ALARM_MESSAGE`. */
  message: string
}

/** `alarm_name` → `ALARM_NAME`; `labels.team` → `LABEL_TEAM`; anything else becomes `_`. */
export function envName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_') || '_'
}

/** Longest value put in one variable (Linux refuses a single one over 128 KiB); stdin has it whole. */
export const ENV_VALUE_MAX_CHARS = 32 * 1024

/**
 * A value as an environment can carry it: a NUL byte (which ends a C string, so the system cannot
 * pass it and Node refuses the whole run) becomes U+FFFD, and a value longer than
 * ENV_VALUE_MAX_CHARS is cut there and ends with `…`. The full alert, every byte, is on stdin.
 */
export function envValue(value: string): string {
  const safe = value.replace(/\0/g, '\uFFFD')
  if (safe.length <= ENV_VALUE_MAX_CHARS) return safe
  // Cut before a lone high surrogate, so the value stays valid UTF-16.
  let end = ENV_VALUE_MAX_CHARS - 1
  const last = safe.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return `${safe.slice(0, end)}…`
}

export function scriptEnv(
  ctx: TemplateContext | undefined,
  message: string,
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(ctx?.vars ?? {}))
    if (v !== undefined && v !== null) env[envName(k)] = envValue(String(v))
  for (const [k, v] of Object.entries(ctx?.labels ?? {}))
    env[`LABEL_${envName(k)}`] = envValue(String(v))
  env.ALARM_MESSAGE = envValue(message)
  return env
}

/**
 * The environment and stdin a script gets for one message (beside PATH, HOME, LANG… passed on
 * from the relay, run.ts). The sender and the template studio's preview both come here.
 */
export function scriptInput(parts: MessageParts): ScriptInput {
  return {
    env: {
      ...scriptEnv(parts.context, parts.content),
      ...(parts.deliveryId ? { RELAY_DELIVERY_ID: envValue(parts.deliveryId) } : {}),
    },
    stdin: JSON.stringify(parts.alert ?? parts.context?.vars ?? {}),
    message: parts.content,
  }
}

const lastLines = (text: string, n = 5) =>
  text.trim().split(/\r?\n/).slice(-n).join(' | ').slice(0, 500)

/**
 * A local program per alert (OCP's script channel): variables as environment variables, the full
 * alert as JSON on stdin, the trimmed stdout as the response the verification rule judges (the
 * seed's rule: the script prints only the response).
 */
export class ScriptSender implements ChannelSender {
  readonly type = 'script' as const

  build(_channel: SenderChannel, parts: MessageParts): PreparedMessage[] {
    const input = scriptInput(parts)
    return [{ body: input, bytes: Buffer.byteLength(input.stdin), truncated: false, role: 'alert' }]
  }

  async send(
    channel: SenderChannel,
    _endpoint: string,
    message: PreparedMessage,
  ): Promise<SendResult> {
    const input = message.body as ScriptInput
    const program = channel.command[0] ?? ''
    const base = { requestBytes: Buffer.byteLength(input.stdin), maskedUrl: `script:${program}` }
    const secrets = [channel.signatureKey]
    const timeoutMs = channel.timeoutSeconds * 1000
    const run = await runScript({
      command: channel.command,
      env: input.env,
      stdin: input.stdin,
      timeoutMs,
    })
    const response = redact(run.stdout.trim().slice(0, 1000), secrets)
    const common = { ...base, latencyMs: run.durationMs, response }
    if (run.spawnError) {
      const code = run.spawnError.code ?? 'UNKNOWN'
      return {
        ...common,
        ok: false,
        outcome: 'permanent',
        errorCode: code,
        explanation:
          code === 'ENOENT'
            ? say('script.notFound', { program })
            : code === 'EACCES'
              ? say('script.notExecutable', { program })
              : say('script.cannotStart', { program, code }),
        fix: say('script.programFix'),
      }
    }
    if (run.timedOut)
      return {
        ...common,
        ok: false,
        outcome: 'retryable',
        errorCode: 'TIMEOUT',
        explanation: say('script.timeout', { seconds: channel.timeoutSeconds }),
        fix: say('script.timeoutFix'),
      }
    if (run.exitCode !== 0) {
      const why = lastLines(redact(run.stderr, secrets))
      return {
        ...common,
        ok: false,
        outcome: 'retryable',
        errorCode: run.signal ?? `EXIT_${run.exitCode}`,
        explanation: run.signal
          ? why
            ? say('script.exitSignal', { signal: run.signal, why })
            : say('script.exitSignalSilent', { signal: run.signal })
          : why
            ? say('script.exitCode', { code: String(run.exitCode), why })
            : say('script.exitCodeSilent', { code: String(run.exitCode) }),
        fix: say('script.exitFix'),
      }
    }
    const text = run.stdout.trim()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    // Exit 0 stands for HTTP 200, so a status rule reads naturally.
    const verdict = verifyResponse(channel.verify, 200, text, json)
    if (verdict.ok)
      return {
        ...common,
        ok: true,
        outcome: 'success',
        explanation: say('script.ok'),
      }
    return {
      ...common,
      ok: false,
      outcome: 'permanent',
      explanation: say('script.verifyFailed', { reason: verdict.reason! }),
      fix: say('script.verifyFix'),
    }
  }

  async close(): Promise<void> {}
}
