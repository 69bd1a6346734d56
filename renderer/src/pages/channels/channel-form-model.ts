import { weComFormat } from '../../../../electron/core/channels/types'
import {
  channelSchema,
  type Channel,
  type VerifyRule,
} from '../../../../electron/core/settings/schema'
import type { MessageFormat } from '../../../../electron/core/templates/formats'

/**
 * The channel form as the person edits it: text where they type (numbers, lists), the channel's
 * own types everywhere else. Pure, so that `toForm`/`toDraft` can be tested without a window.
 */
export interface ChannelForm {
  name: string
  enabled: boolean
  webhookUrl: string
  extraWebhookUrls: string
  signatureKey: string
  mentionMobiles: string
  proxy: string
  format: MessageFormat
  /** `undefined` for a new channel: the relay fills the default template of the chosen format. */
  template?: string
  sendResolved: boolean
  aggregateEnabled: boolean
  windowSeconds: string
  perMinute: string
  perHour: string
  perDay: string
  timeoutSeconds: string
  verifyType: VerifyRule['type']
  verifyMatch: string
  verifyPattern: string
  verifyCodes: string
}

/**
 * The defaults a new channel gets, taken from the settings schema itself (so the form can never
 * disagree with the file): the schema is given the two fields it cannot default and the rest is read back.
 */
export function schemaDefaults(): Channel {
  const c = channelSchema.parse({
    name: 'new',
    webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=new',
  })
  return { ...c, name: '', webhookUrl: '' }
}

const VERIFY_DEFAULTS = {
  verifyMatch: '{"errcode": 0}',
  verifyPattern: '"errcode":0',
  verifyCodes: '200',
}

/** The form for an existing channel, or for a new one (`template` left to the relay). */
export function toForm(c: Channel, isNew = false): ChannelForm {
  return {
    name: c.name,
    enabled: c.enabled,
    webhookUrl: c.webhookUrl,
    extraWebhookUrls: c.extraWebhookUrls.join('\n'),
    signatureKey: c.signatureKey,
    mentionMobiles: c.mentionMobiles.join(', '),
    proxy: c.proxy,
    format: weComFormat(c.format),
    template: isNew ? undefined : c.template,
    sendResolved: c.sendResolved,
    aggregateEnabled: c.aggregate.enabled,
    windowSeconds: String(c.aggregate.windowSeconds),
    perMinute: String(c.throttle.perMinute),
    perHour: String(c.throttle.perHour),
    perDay: String(c.throttle.perDay),
    timeoutSeconds: String(c.timeoutSeconds),
    verifyType: c.verify.type,
    verifyMatch:
      c.verify.type === 'json' ? JSON.stringify(c.verify.match) : VERIFY_DEFAULTS.verifyMatch,
    verifyPattern: c.verify.type === 'regex' ? c.verify.pattern : VERIFY_DEFAULTS.verifyPattern,
    verifyCodes:
      c.verify.type === 'status' ? c.verify.codes.join(', ') : VERIFY_DEFAULTS.verifyCodes,
  }
}

/** The form for a new channel. */
export function newForm(): ChannelForm {
  return toForm(schemaDefaults(), true)
}

/** A typed number stays text when it is not one, so the schema can say what is wrong with it. */
const num = (s: string) => (s.trim() === '' || Number.isNaN(Number(s)) ? s : Number(s))

const list = (s: string, split: RegExp) =>
  s
    .split(split)
    .map((x) => x.trim())
    .filter(Boolean)

/**
 * The form as the relay's schema expects it. Fields the form does not show are kept from `base`
 * (the channel being edited), so a save never resets what the person could not see.
 */
export function toDraft(f: ChannelForm, base?: Partial<Channel>): Record<string, unknown> {
  let match: unknown = f.verifyMatch
  try {
    match = JSON.parse(f.verifyMatch)
  } catch {
    // left as text: the schema says it must be an object
  }
  const { template: _template, ...kept } = base ?? {}
  return {
    ...kept,
    name: f.name,
    type: base?.type ?? 'wecom',
    enabled: f.enabled,
    webhookUrl: f.webhookUrl,
    extraWebhookUrls: list(f.extraWebhookUrls, /\n/),
    signatureKey: f.signatureKey,
    mentionMobiles: f.mentionMobiles,
    proxy: f.proxy,
    format: f.format,
    ...(f.template !== undefined ? { template: f.template } : {}),
    sendResolved: f.sendResolved,
    aggregate: { enabled: f.aggregateEnabled, windowSeconds: num(f.windowSeconds) },
    throttle: { perMinute: num(f.perMinute), perHour: num(f.perHour), perDay: num(f.perDay) },
    timeoutSeconds: num(f.timeoutSeconds),
    verify:
      f.verifyType === 'json'
        ? { type: 'json', match }
        : f.verifyType === 'regex'
          ? { type: 'regex', pattern: f.verifyPattern }
          : { type: 'status', codes: list(f.verifyCodes, /[,\s]+/).map(num) },
  }
}

/** Whether the person changed anything since the form was opened. */
export function isDirty(initial: ChannelForm, current: ChannelForm): boolean {
  return (Object.keys(current) as Array<keyof ChannelForm>).some((k) => initial[k] !== current[k])
}

/**
 * The form field each schema path belongs to (`throttle.perMinute` → `perMinute`), so an error
 * can be shown beside its field and named by its visible label.
 */
export function fieldOfPath(path: string): keyof ChannelForm | undefined {
  const head = path.replace(/\[\d+\]/g, '').split('.')
  const [a, b] = head
  if (a === 'aggregate') return b === 'enabled' ? 'aggregateEnabled' : 'windowSeconds'
  if (a === 'throttle') return b as 'perMinute' | 'perHour' | 'perDay'
  if (a === 'verify')
    return b === 'match'
      ? 'verifyMatch'
      : b === 'pattern'
        ? 'verifyPattern'
        : b === 'codes'
          ? 'verifyCodes'
          : 'verifyType'
  const fields: Array<keyof ChannelForm> = [
    'name',
    'enabled',
    'webhookUrl',
    'extraWebhookUrls',
    'signatureKey',
    'mentionMobiles',
    'proxy',
    'format',
    'template',
    'sendResolved',
    'timeoutSeconds',
  ]
  return fields.find((f) => f === a)
}
