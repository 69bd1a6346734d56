import { z } from 'zod'
import type { Alert } from '../alerts/model'
import type { ConnectivityReport } from '../diagnose/diagnose-types'
import type { DeliveryStatus } from '../delivery/status'
import type { StormPreview } from '../delivery/storm-preview'
import type { HistoryEntry } from '../history/records'
import type { HistoryRow } from '../history/row'
import type { DigestPreview, PreviewedMessage } from '../messages/preview-shapes'
import type { ActiveView, MutesView, SilenceView } from '../oncall/views'
import type { Acknowledgement } from '../oncall/active'
import type { Mute } from '../oncall/mutes'
import { historyQuerySchema } from '../history/query'
import type { FieldError } from '../settings/settings-errors'
import type { CoreText } from '../text/core-text'
import type { Channel, Settings } from '../settings/schema'
import type { ReceivedMessage } from '../simulator/robot'
import type { LintIssue } from '../templates/lint'
import { MESSAGE_FORMATS } from '../templates/formats'
import { CHANNEL_FORMATS, CHANNEL_TYPES } from '../channels/type-names'
import type { TypedBodyPreview } from '../messages/typed-preview'
import type { HttpRequestPreview, ScriptInputPreview } from '../messages/typed-request'
import type { VariableInfo } from '../templates/variables'
import { sourceMappingSchema } from '../alerts/mapping-schema'
import type { SubscriptionEntry } from '../alerts/subscription-log'

/** What the relay made of a body: the readers' scores, the alerts, the message. */
export interface SenderReading {
  /** The body read (pretty JSON), for the tree. */
  body: unknown
  /** Each reader's score, best first; empty when a mapping read it. */
  scores: Array<{ source: string; score: number }>
  alerts: Array<Pick<Alert, 'source' | 'status' | 'vars' | 'labels'>>
  /** The first alert's message as a Markdown channel would send it. */
  preview?: string
  /** Why the body could not be read, as one sentence (by its code where the relay wrote it). */
  error?: CoreText
}

/**
 * The one contract between the window and the relay. IPC handlers, the preload's `window.relay`,
 * the headless HTTP API and the renderer's client are all derived from this object: adding a
 * method here is the only way to add one anywhere. Inputs are validated with these schemas at
 * every boundary; outputs are typed (the relay produces them itself).
 */

const out = <T>() => z.custom<T>(() => true)
const format = z.enum(MESSAGE_FORMATS)
/** A point in time as the window sends it (ISO 8601); anything Date cannot read is refused. */
const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), {
  error: 'is not a time: use ISO 8601, such as 2026-01-31T08:00:00Z',
})
/** History filters, with their times checked. */
const historyQuery = historyQuerySchema.extend({ from: time.optional(), to: time.optional() })
/** A channel as the form sends it: loose, so that validation can answer with sentences. */
const channelDraft = z.record(z.string(), z.unknown())
/** A robot to test: a channel, or a pasted URL; typed fields win over the channel's. */
const webhookTarget = z.strictObject({
  channel: z.string().optional(),
  url: z.string().max(4096).optional(),
  proxy: z.string().max(1024).optional(),
  signatureKey: z.string().max(1024).optional(),
  format: format.optional(),
  message: z.string().max(8192).optional(),
  /** The language of the default test message: the window's. */
  language: z.enum(['en', 'zh']).optional(),
})
const sampleRef = z.union([
  z.strictObject({ kind: z.literal('sample'), id: z.string() }),
  z.strictObject({ kind: z.literal('alert'), id: z.string() }),
  z.strictObject({ kind: z.literal('payload'), json: z.string().max(1024 * 1024) }),
])

export interface Preview {
  /** The messages that would be sent (content message, and the mention follow-up if any). */
  messages: PreviewedMessage[]
  lint: LintIssue[]
  /** The alert the preview was rendered for (variables, labels, annotations). */
  alert?: Pick<Alert, 'vars' | 'labels' | 'annotations' | 'status' | 'source'>
  /** A sentence when the sample could not be read (the preview then uses the built-in sample). */
  sampleError?: string
  /** DingTalk and Feishu/Lark: the request body the robot would get, with its byte count. */
  body?: TypedBodyPreview
  /** HTTP channels: the request as sent (method, masked URL and headers, rendered body). */
  request?: HttpRequestPreview
  /** Script channels: the environment variables and stdin the program gets. */
  script?: ScriptInputPreview
}

/** The built-in simulator at start: running, off in the settings, or failed with the errno code. */
export type SimulatorStatus =
  | { state: 'running'; origin: string }
  | { state: 'disabled' }
  | { state: 'failed'; address: string; code: string; reason: CoreText }

export interface AppInfo {
  version: string
  mode: 'electron' | 'headless'
  dataDir: string
  settingsPath: string
  /** `pinned`: the address came from the command line (`--listen`), not the settings. */
  listener: {
    state: 'listening' | 'stopped' | 'error'
    address?: string
    error?: CoreText
    pinned: boolean
  }
  /** The simulator's origin while it runs. */
  simulator?: string
  /** Whether the simulator runs, is off, or could not start (`code`: EADDRINUSE…; `reason`: a sentence). */
  simulatorStatus: SimulatorStatus
  warnings: CoreText[]
  /** Whether this window may create and edit script channels: desktop, or `serve --allow-script-channels`. */
  scriptChannels: boolean
}

/** Identities of firing alerts (fingerprints), as listActive gives them. */
const identities = z.array(z.string().min(1).max(256)).min(1).max(1000)
const minutes = z
  .number()
  .positive()
  .max(30 * 24 * 60)
/** When a mute or silence starts and ends: an end time, or a number of minutes from its start. */
const span = {
  startsAt: time.optional(),
  endsAt: time.optional(),
  forMinutes: minutes.optional(),
}

export const apiContract = {
  appInfo: { input: z.void(), output: out<AppInfo>() },

  listChannels: { input: z.void(), output: out<Channel[]>() },
  validateChannel: {
    input: z.strictObject({ channel: channelDraft, originalName: z.string().optional() }),
    /** Warnings, like errors, name the field they are about (`path`). */
    output: out<{ errors: FieldError[]; warnings: FieldError[] }>(),
  },
  saveChannel: {
    input: z.strictObject({ channel: channelDraft, originalName: z.string().optional() }),
    output: out<Channel>(),
  },
  deleteChannel: {
    input: z.strictObject({ name: z.string() }),
    output: out<{ deleted: string }>(),
  },
  revealSecret: {
    /** One secret, unmasked, for the window's "Show" toggle: a channel's field, or the listener token. */
    input: z.strictObject({
      channel: z.string().optional(),
      field: z.enum([
        'webhookUrl',
        'extraWebhookUrls',
        'signatureKey',
        'proxy',
        'token',
        'headers',
      ]),
      /** Which of extraWebhookUrls (0 first). */
      index: z.number().int().min(0).max(100).optional(),
      /** Which HTTP channel header, by name, when `field` is `headers`. */
      header: z.string().max(200).optional(),
    }),
    output: out<{ value: string }>(),
  },
  duplicateChannel: {
    input: z.strictObject({ name: z.string(), newName: z.string().optional() }),
    output: out<Channel>(),
  },

  templateInfo: {
    input: z.void(),
    output: out<{
      variables: readonly VariableInfo[]
      defaults: Record<'en' | 'zh', Record<z.infer<typeof format>, string>>
      limits: Record<string, number>
      samples: Array<{ id: string; name: string; json: string }>
    }>(),
  },
  lintTemplate: {
    input: z.strictObject({ template: z.string().max(64 * 1024), format }),
    output: out<LintIssue[]>(),
  },
  previewTemplate: {
    input: z.strictObject({
      template: z.string().max(64 * 1024),
      format,
      sample: sampleRef,
      mentionMobiles: z.array(z.string()).max(100).default([]),
      mentionUserIds: z.array(z.string().max(64)).max(100).default([]),
      /** The channel's language; unset: a built-in template's own, else English. */
      language: z.enum(['en', 'zh']).optional(),
      /** The channel's type and own format: DingTalk and Feishu/Lark also get their request body. */
      type: z.enum(CHANNEL_TYPES).optional(),
      channelFormat: z.enum(CHANNEL_FORMATS).optional(),
      /**
       * The saved channel previewed: an HTTP channel also gets its request (URL, headers and the
       * body template, read here unmasked and shown masked), a script channel its input.
       */
      channel: z.string().max(200).optional(),
      /** An HTTP body template to preview instead of the channel's saved one. */
      body: z
        .string()
        .max(64 * 1024)
        .optional(),
    }),
    output: out<Preview>(),
  },
  previewDigest: {
    input: z.strictObject({
      template: z.string().max(64 * 1024),
      format,
      sample: sampleRef,
      count: z.number().int().min(2).max(50).default(10),
      language: z.enum(['en', 'zh']).optional(),
      /** DingTalk and Feishu/Lark pack digests to their own body limit, in their own format. */
      type: z.enum(CHANNEL_TYPES).optional(),
      channelFormat: z.enum(CHANNEL_FORMATS).optional(),
    }),
    output: out<DigestPreview>(),
  },

  /** A storm in the studio (#17): the summary and the messages after it, with their send times. */
  previewStorm: {
    input: z.strictObject({
      template: z.string().max(64 * 1024),
      format,
      sample: sampleRef,
      /** generate: `count` alerts across `names` names from the sample; paste: the payload's alerts. */
      mode: z.enum(['generate', 'paste']).default('generate'),
      count: z.number().int().min(1).max(5000).default(1000),
      names: z.number().int().min(1).max(500).default(40),
      language: z.enum(['en', 'zh']).optional(),
      type: z.enum(CHANNEL_TYPES).optional(),
      storm: z
        .strictObject({
          threshold: z.union([z.literal('auto'), z.number().int().min(1)]).default('auto'),
          groupBy: z.string().max(100).default(''),
          details: z.boolean().default(true),
          gatherSeconds: z.number().min(0).max(10).default(1.5),
        })
        .prefault({}),
      /** The storm arrives evenly over this many seconds (0: all at once). */
      arrivalSeconds: z.number().min(0).max(600).default(0),
      /** Critical alerts go to a second channel on the same robot. */
      sharedRobot: z.boolean().default(false),
    }),
    output: out<StormPreview & { sampleError?: string }>(),
  },

  testWebhook: {
    input: webhookTarget.extend({
      runId: z.string().max(64),
      mentionMobiles: z.string().max(4096).optional(),
      dryRun: z.boolean().optional(),
    }),
    output: out<ConnectivityReport>(),
  },
  revealCurl: { input: webhookTarget, output: out<{ curl: string }>() },

  queryHistory: {
    input: historyQuery,
    output: out<{ items: HistoryEntry[]; total: number }>(),
  },
  /** The same query as the History list shows it: rows of what the table needs, not whole entries. */
  historyRows: {
    input: historyQuery,
    output: out<{ items: HistoryRow[]; total: number }>(),
  },
  historyChart: {
    input: historyQuery.omit({ offset: true, limit: true }).extend({
      buckets: z.number().int().min(1).max(500).default(48),
    }),
    output: out<{
      buckets: Array<{
        start: string
        delivered: number
        failed: number
        pending: number
        other: number
      }>
    }>(),
  },
  getAlert: { input: z.strictObject({ id: z.string() }), output: out<HistoryEntry | null>() },
  resendAlert: {
    input: z.strictObject({ id: z.string(), channels: z.array(z.string()).min(1).optional() }),
    output: out<{ queued: string[] }>(),
  },
  exportHistory: {
    input: z.strictObject({
      format: z.enum(['json', 'csv']),
      query: historyQuery.partial().default({}),
    }),
    output: out<{ filename: string; content: string }>(),
  },

  deliveryStatus: { input: z.void(), output: out<DeliveryStatus>() },
  pauseDelivery: {
    input: z.strictObject({
      minutes: z
        .number()
        .positive()
        .max(7 * 24 * 60)
        .optional(),
    }),
    output: out<DeliveryStatus>(),
  },
  resumeDelivery: { input: z.void(), output: out<DeliveryStatus>() },
  sendTestAlert: {
    input: z.strictObject({ channel: z.string().optional() }).default({}),
    output: out<{ ids: string[] }>(),
  },

  getSettings: { input: z.void(), output: out<Settings>() },
  updateSettings: {
    /** Top-level sections of the settings; each replaces (arrays) or merges into (objects) the current one. */
    input: z.strictObject({ patch: z.record(z.string(), z.unknown()) }),
    output: out<Settings>(),
  },
  exportSettings: {
    input: z
      .object({ includeSecrets: z.boolean().default(false) })
      .default({ includeSecrets: false }),
    output: out<{ filename: string; content: string }>(),
  },
  importSettings: {
    input: z.strictObject({ content: z.string().max(4 * 1024 * 1024) }),
    output: out<Settings>(),
  },

  listActive: {
    /** `name`, or a label (`team`, `labels.team`). */
    input: z
      .strictObject({
        groupBy: z.string().trim().max(128).optional(),
        /** Groups (by key) whose alerts come in full while a storm folds the others. */
        expand: z.array(z.string().max(1024)).max(1000).optional(),
      })
      .default({}),
    output: out<ActiveView>(),
  },
  acknowledge: {
    input: z.strictObject({
      identities,
      note: z.string().max(1000).optional(),
      /** Hold repeats for this long; absent: until the alert resolves. */
      forMinutes: minutes.optional(),
    }),
    output: out<{ acknowledged: number; ack?: Acknowledgement; announced: string[] }>(),
  },
  unacknowledge: {
    input: z.strictObject({ identities }),
    output: out<{ unacknowledged: number }>(),
  },
  listMutes: { input: z.void(), output: out<MutesView>() },
  createMute: {
    input: z.strictObject({
      matchers: z.array(z.string().max(1024)).min(1).max(50),
      comment: z.string().max(1000).default(''),
      ...span,
    }),
    output: out<Mute>(),
  },
  createMuteFromAlert: {
    /** Matchers prefilled from the alert (its name and target) unless given. */
    input: z.strictObject({
      alertId: z.string(),
      matchers: z.array(z.string().max(1024)).min(1).max(50).optional(),
      comment: z.string().max(1000).default(''),
      ...span,
    }),
    output: out<Mute>(),
  },
  expireMute: { input: z.strictObject({ id: z.string() }), output: out<Mute>() },
  silenceUpstream: {
    input: z.strictObject({
      alertId: z.string(),
      forMinutes: minutes,
      comment: z.string().max(1000).default(''),
    }),
    output: out<SilenceView>(),
  },
  expireSilence: { input: z.strictObject({ id: z.string() }), output: out<SilenceView>() },
  /** Which Alertmanager "Silence in Alertmanager" would contact for this alert, before it does. */
  silenceTarget: {
    input: z.strictObject({ alertId: z.string() }),
    output: out<{ address: string; from: 'settings' | 'alert' }>(),
  },

  simulatorMessages: {
    input: z.void(),
    output: out<{ running: boolean; origin?: string; messages: ReceivedMessage[] }>(),
  },
  clearSimulator: { input: z.void(), output: out<{ cleared: boolean }>() },

  /**
   * Reads a body as the relay would (detected sender, or with a mapping being drawn): what each
   * reader scored, the alerts it found and the message they make. The body is pasted, or one
   * received earlier (`alertId`, from the history).
   */
  readSenderBody: {
    input: z.strictObject({
      json: z
        .string()
        .max(1024 * 1024)
        .optional(),
      alertId: z.string().max(64).optional(),
      mapping: sourceMappingSchema.optional(),
      language: z.enum(['en', 'zh']).optional(),
    }),
    output: out<SenderReading>(),
  },
  /** Topics that asked to be confirmed (AWS SNS, Huawei SMN), newest first, with their links. */
  subscriptionRequests: { input: z.void(), output: out<SubscriptionEntry[]>() },
} as const

export type ApiContract = typeof apiContract
export type ApiMethod = keyof ApiContract
export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>
export type ApiOutput<M extends ApiMethod> = z.output<ApiContract[M]['output']>
/** A method's input after its schema parsed it (defaults filled): what the service receives. */
export type ApiParsed<M extends ApiMethod> = z.output<ApiContract[M]['input']>

/** The API as the window sees it: one async function per method. */
export type AppApi = {
  [M in ApiMethod]: ApiInput<M> extends void | undefined
    ? () => Promise<ApiOutput<M>>
    : (input: ApiInput<M>) => Promise<ApiOutput<M>>
}

export const API_METHODS = Object.keys(apiContract) as ApiMethod[]

/**
 * Errors thrown by the service that carry a sentence for the person (not bugs). A sentence said by
 * its code (`say`) travels to the window with it, which words it in its own language; `message`
 * is its English.
 */
export class ApiError extends Error {
  readonly sentence?: CoreText
  constructor(
    message: string | CoreText,
    readonly fields?: FieldError[],
    readonly status = 400,
  ) {
    super(typeof message === 'string' ? message : message.text)
    if (typeof message !== 'string') this.sentence = message
    this.name = 'ApiError'
  }
}

/** Parses a method's input with its schema, turning zod issues into one sentence. */
export function parseInput<M extends ApiMethod>(
  method: M,
  input: unknown,
): z.output<ApiContract[M]['input']> {
  const schema = apiContract[method].input as z.ZodType
  const r = schema.safeParse(input)
  if (!r.success) {
    const first = r.error.issues[0]!
    const where = first.path.join('.')
    const why =
      first.code === 'unrecognized_keys'
        ? `${where ? `${where} has` : 'has'} unknown ${first.keys.length === 1 ? 'key' : 'keys'} ${first.keys.map((k) => `"${k}"`).join(', ')}: remove ${first.keys.length === 1 ? 'it' : 'them'}`
        : `${where || 'input'} ${first.message.replace(/^Invalid input: /, '')}`
    throw new ApiError(`Invalid input for ${method}: ${why}.`)
  }
  return r.data as z.output<ApiContract[M]['input']>
}
