import { channelFacts } from '../../../../electron/core/channels/catalog'
import type { ChannelFormat, ChannelType } from '../../../../electron/core/channels/type-names'
import {
  channelSchema,
  type Channel,
  type VerifyRule,
} from '../../../../electron/core/settings/schema'

/**
 * The channel form as the person edits it: text where they type (numbers, lists), the channel's
 * own types everywhere else. Pure, so that `toForm`/`toDraft` can be tested without a window.
 */
export interface ChannelForm {
  type: ChannelType
  name: string
  enabled: boolean
  webhookUrl: string
  extraWebhookUrls: string
  signatureKey: string
  mentionMobiles: string
  /** WeCom `<@userid>` or Feishu/Lark `ou_…` ids, comma-separated. */
  mentionUserIds: string
  /** DingTalk and Feishu/Lark: @all as a checkbox (WeCom writes @all among the mobiles). */
  mentionAll: boolean
  proxy: string
  format: ChannelFormat
  /** The language of the words the relay adds, and of the default template. */
  language: 'en' | 'zh'
  /** HTTP channels. */
  url: string
  method: 'POST' | 'PUT'
  /** One `Name: value` a line. */
  headers: string
  body: string
  /** Script channels: the program, then one argument a line (no shell, so no quoting). */
  command: string
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

/** The fields a type shows in the form: what its facts say it uses (never its name). */
export function shownFields(type: ChannelType) {
  const caps = channelFacts(type).capabilities
  return {
    robotUrls: caps.endpoint === 'robot-urls',
    url: caps.endpoint === 'url',
    command: caps.endpoint === 'command',
    mobiles: caps.mentions.mobiles === 'yes',
    userIds: caps.mentions.userIds,
    allFlag: caps.mentions.all === 'flag',
    /** Its body is its own request template (HTTP), not the message template. */
    requestBody: caps.showsRequestBody,
    /** It composes the robot's message (robots and scripts: a message template). */
    messageTemplate: !caps.showsRequestBody,
    /** It proxies: everything but a local program. */
    proxy: !caps.runsProgram,
    runsProgram: caps.runsProgram,
  }
}

const allAsFlag = (type: ChannelType) => channelFacts(type).capabilities.mentions.all === 'flag'

/** The form for an existing channel, or for a new one (`template` left to the relay). */
export function toForm(c: Channel, isNew = false): ChannelForm {
  return {
    type: c.type,
    name: c.name,
    enabled: c.enabled,
    webhookUrl: c.webhookUrl,
    extraWebhookUrls: c.extraWebhookUrls.join('\n'),
    signatureKey: c.signatureKey,
    mentionMobiles: (allAsFlag(c.type)
      ? c.mentionMobiles.filter((m) => m !== '@all')
      : c.mentionMobiles
    ).join(', '),
    mentionAll: allAsFlag(c.type) && c.mentionMobiles.includes('@all'),
    mentionUserIds: c.mentionUserIds.join(', '),
    proxy: c.proxy,
    format: c.format,
    language: c.language,
    url: c.url,
    method: c.method,
    headers: Object.entries(c.headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
    body: c.body,
    command: c.command.join('\n'),
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

/**
 * The form after the person picks another type: the type's own format, verification and
 * per-minute limit, so that a WeCom default never lands on a Feishu channel. What they typed stays.
 */
export function withType(f: ChannelForm, type: ChannelType): ChannelForm {
  if (f.type === type) return f
  const fresh = toForm(channelSchema.parse(draftOfType(type)), true)
  return {
    ...f,
    type,
    format: channelFacts(type).formats.includes(f.format)
      ? f.format
      : channelFacts(type).defaultFormat,
    perMinute: fresh.perMinute,
    verifyType: fresh.verifyType,
    verifyMatch: fresh.verifyMatch,
    verifyPattern: fresh.verifyPattern,
    verifyCodes: fresh.verifyCodes,
    // A body is the HTTP channel's template: start from the default one.
    body: shownFields(type).requestBody && !f.body ? fresh.body : f.body,
  }
}

/** The smallest valid channel of a type, to read the type's defaults back from the schema. */
function draftOfType(type: ChannelType): Record<string, unknown> {
  return { name: 'new', type, ...channelFacts(type).example }
}

/** `Name: value` lines as a header record; a line without a colon is kept whole as a name. */
function headerRecord(s: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of s.split('\n')) {
    if (!line.trim()) continue
    const i = line.indexOf(':')
    if (i < 0) out[line.trim()] = ''
    else out[line.slice(0, i).trim()] = line.slice(i + 1).trim()
  }
  return out
}

/** The mobiles the form sends: typed ones (WeCom, DingTalk) and @all from the checkbox. */
function mobiles(f: ChannelForm): string | string[] {
  const shown = shownFields(f.type)
  if (!shown.allFlag) return shown.mobiles ? f.mentionMobiles : []
  const all = f.mentionAll ? ['@all'] : []
  if (!shown.mobiles) return all
  // Typed text goes as typed, so the schema can say which number is wrong.
  return all.length ? [...list(f.mentionMobiles, /[,，;；\s]+/), ...all] : f.mentionMobiles
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
  const { template: _template, body: _body, ...kept } = base ?? {}
  const shown = shownFields(f.type)
  const robot = shown.robotUrls
  return {
    ...kept,
    name: f.name,
    type: f.type,
    enabled: f.enabled,
    // Fields of other types are sent empty: the schema refuses, say, a URL on a script channel.
    webhookUrl: robot ? f.webhookUrl : '',
    extraWebhookUrls: robot ? list(f.extraWebhookUrls, /\n/) : [],
    signatureKey: robot ? f.signatureKey : '',
    mentionMobiles: mobiles(f),
    mentionUserIds: shown.userIds ? f.mentionUserIds : '',
    proxy: f.proxy,
    format: f.format,
    language: f.language,
    url: shown.url ? f.url : '',
    method: f.method,
    headers: shown.url ? headerRecord(f.headers) : {},
    ...(shown.requestBody ? { body: f.body } : {}),
    command: shown.command ? list(f.command, /\n/) : [],
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
    'mentionUserIds',
    'proxy',
    'format',
    'language',
    'url',
    'method',
    'headers',
    'body',
    'command',
    'type',
    'template',
    'sendResolved',
    'timeoutSeconds',
  ]
  return fields.find((f) => f === a)
}
