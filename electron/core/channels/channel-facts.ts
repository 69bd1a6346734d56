/**
 * What a channel type is, as plain data and pure checks: the part of a type's module that the
 * settings, the previews and the window read (browser-safe, no sockets). Each type writes its own
 * in `channels/<type>/facts.ts`; `channels/registry.ts` adds the runtime part (its sender) and
 * lists the types. Nothing outside `channels/` branches on a type's name: it asks these facts.
 */
import type { FieldResult } from '../settings/fields'
import type { ChannelFormat, ChannelType } from './type-names'
import { say, type CoreText } from '../text/core-text'
import type { UrlSecretsOf } from '../secrets/mask'

/** One rolling window: at most `max` messages per `ms`. */
export interface RateWindow {
  max: number
  ms: number
}

export interface ChannelLimits {
  /**
   * Every window applies at once (Feishu: 100 a minute and 5 a second). Empty means the type has
   * no limit of its own; an HTTP channel may set `throttle.perMinute`.
   */
  windows: readonly RateWindow[]
  /** The largest message the type accepts, in UTF-8 bytes, and what the number counts. */
  maxBytes?: number
  bytesOf?: 'content' | 'body'
  /** What the platform does when a window is exceeded, for the explanation. */
  overLimit?: string
  /** The sentence for a per-minute throttle above the platform's window. */
  overMinute?: CoreText
}

/** What each channel type can do: what delivery, the previews and the settings ask. */
export interface ChannelCapabilities {
  /**
   * How a message's body is made: by the composer (`messages/compose.ts`), in the type's format
   * when the type has a body writer (`writeBody`, `channels/<type>/body.ts`) and in the composer's
   * own robot Markdown when it has none (WeCom); or by the sender, building a request from one
   * alert's parts (HTTP body template, script input).
   */
  body: 'composed' | 'request'
  /** Where it sends: the robot URLs (main and extra), the one HTTP URL, or a local command. */
  endpoint: 'robot-urls' | 'url' | 'command'
  /** Alerts one message carries at most: one for a request body, which describes one alert. */
  alertsPerMessage: number
  /**
   * How its messages mention people: by mobile (`@all` only, or none), by user id, and where
   * `@all` is written (among the mobiles, as its own flag, or nowhere).
   */
  mentions: {
    mobiles: 'yes' | 'all-only' | 'no'
    userIds: boolean
    all: 'among-mobiles' | 'flag' | 'none'
  }
  /** Mentions that the message itself cannot carry go in a follow-up text (WeCom Markdown). */
  mentionFollowUp: boolean
  /** History shows the request body it sent (an HTTP template's output), not the composed text. */
  showsRequestBody: boolean
  /** It runs a program on this machine (the headless API may not create or change one). */
  runsProgram: boolean
  /** How a signature key is used and refused, as the connectivity test explains it. */
  signing: Signing
}

export interface Signing {
  /**
   * The URL stage's detail when the channel has a key: the robot's masked address, and how the
   * request is signed.
   */
  signed: (robot: string) => CoreText
  /** The answer's code that means "the signature did not match". */
  rejectedCode: number
  /** What that code means, in one sentence. */
  rejected: CoreText
  /** Where the signature goes: the URL's query (DingTalk style) or the JSON body (Feishu). */
  where: 'query' | 'body'
}

/**
 * WeCom has no signature of its own: a key adds DingTalk's `timestamp` and `sign` (for gateways
 * that check them), so a refusal reads as DingTalk's.
 */
export const DINGTALK_STYLE: Signing = {
  signed: (robot) => say('diag.signedWecom', { robot }),
  rejectedCode: 310000,
  rejected: say('diag.signatureDingTalk'),
  where: 'query',
}

/** The shape of a default success rule (settings/schema.ts has the full VerifyRule). */
export type DefaultRule =
  | { type: 'json'; match: Record<string, number> }
  | { type: 'regex'; pattern: string }
  | { type: 'status'; codes: number[] }

/** The channel's fields a type's own checks read, as parsed so far (defensively: any may be off). */
export interface DraftFields {
  webhookUrl: string
  extraWebhookUrls: string[]
  url: string
  command: string[]
  headers: unknown
  mentionMobiles: string[]
  mentionUserIds: string[]
}

/** Reports one problem at a field's path, so the form shows it next to the field. */
export type ReportIssue = (path: PropertyKey[], message: CoreText) => void

export interface ChannelFacts {
  id: ChannelType
  /** Its name, in sentences ("A DingTalk custom robot channel…"). */
  name: CoreText
  /** The platform's own short name ("WeCom", "Feishu/Lark"), in lists of types. */
  shortName: string
  formats: readonly ChannelFormat[]
  defaultFormat: ChannelFormat
  capabilities: ChannelCapabilities
  limits: ChannelLimits
  defaultVerify: DefaultRule
  /** The body template a new channel starts with (HTTP), else none. */
  defaultBody?: string
  /** The smallest valid endpoint of the type, from which its defaults are read back. */
  example: { webhookUrl?: string; url?: string; command?: string[] }
  /** A robot type's URL check: the normalised URL, or what is wrong and what to do. */
  parseRobotUrl?: (input: string) => FieldResult<string>
  /**
   * The secrets in its endpoint URL (its key parameter, a hook token in the path): masking asks
   * the type (`maskChannelUrl`), beyond the generic rules of `secrets/mask.ts`.
   */
  urlSecrets?: UrlSecretsOf
  /** Whether a URL's path is this platform's robot address (a pasted URL picks its type). */
  recognisesUrl?: (url: URL) => boolean
  /** The type's own fields (HTTP's URL and headers, a script's command), beyond the robot URLs. */
  checkOwnFields?: (draft: DraftFields, issue: ReportIssue) => void
  /** Formats whose header carries the level's colour, so the content's level words go plain. */
  levelInHeader?: readonly ChannelFormat[]
  /** The format the connectivity test sends in, for the format a person picked. */
  testFormat: (format: ChannelFormat | undefined) => ChannelFormat
}
