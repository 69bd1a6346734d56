import { readFileSync } from 'node:fs'
import { finishAlert, type Alert } from '../alerts/model'
import { parseAlerts } from '../alerts/sources'
import { buildMessages } from '../channels/wecom'
import type { Relay } from '../app'
import { buildNext, renderFull } from '../delivery/digest'
import { testCurl, testWebhook, type ConnectivityInput } from '../diagnose/connectivity'
import { maskSecret, maskUrl } from '../secrets/mask'
import { SettingsError, type FieldError } from '../settings/errors'
import { parseProxy, parseWebhookUrl } from '../settings/fields'
import { migrate } from '../settings/migrations'
import type { Channel, Settings } from '../settings/schema'
import { parseSettings } from '../settings/store'
import { truncateUtf8, utf8Length } from '../templates/bytes'
import { defaultTemplate } from '../templates/defaults'
import { FORMAT_BYTE_LIMITS, type MessageFormat } from '../templates/formats'
import { lintTemplate } from '../templates/lint'
import { SAMPLES } from '../templates/samples'
import { VARIABLES } from '../templates/variables'
import { renderWeComHtml } from '../templates/wecom-markdown'
import { ApiError, type ApiMethod, type ApiOutput, type ApiParsed, type AppInfo } from './contract'

export type ApiService = { [M in ApiMethod]: (input: ApiParsed<M>) => Promise<ApiOutput<M>> }

export interface ServiceOptions {
  mode: 'electron' | 'headless'
  version: string
}

type Draft = Record<string, unknown>

/** The AppApi implemented over a running relay: plain Node, no transport. */
export function createApiService(relay: Relay, options: ServiceOptions): ApiService {
  const settings = () => relay.settings.get()

  /** Applies a change; a SettingsError becomes an ApiError that names the fields. */
  function change(mutate: (draft: Settings) => void, prefix?: RegExp): Settings {
    try {
      return relay.settings.update(mutate)
    } catch (err) {
      if (err instanceof SettingsError) throw fieldsError(err.errors, prefix)
      throw err
    }
  }

  function fieldsError(errors: FieldError[], prefix?: RegExp): ApiError {
    const fields = errors.map((e) => ({ ...e, path: prefix ? e.path.replace(prefix, '') : e.path }))
    return new ApiError(
      fields.length === 1
        ? `${fields[0]!.path ? `${fields[0]!.path}: ` : ''}${fields[0]!.message}`
        : `${fields.length} settings need fixing: ${fields.map((f) => f.path).join(', ')}.`,
      fields,
    )
  }

  /** The settings with `draft` in place of the channel called `originalName` (or added). */
  function withChannel(draft: Draft, originalName?: string): { next: Settings; index: number } {
    const next = structuredClone(settings()) as Settings
    const index =
      originalName === undefined ? -1 : next.channels.findIndex((c) => c.name === originalName)
    const at = index === -1 ? next.channels.length : index
    if (index === -1) next.channels.push(draft as unknown as Channel)
    else next.channels[index] = draft as unknown as Channel
    const newName = typeof draft.name === 'string' ? draft.name.trim() : undefined
    if (originalName !== undefined && newName && newName !== originalName) {
      next.routes = next.routes.map((r) => ({
        ...r,
        channels: r.channels.map((c) => (c === originalName ? newName : c)),
      }))
      next.defaultChannels = next.defaultChannels.map((c) => (c === originalName ? newName : c))
    }
    return { next, index: at }
  }

  function channelWarnings(draft: Draft): string[] {
    const warnings: string[] = []
    for (const url of [
      draft.webhookUrl,
      ...(Array.isArray(draft.extraWebhookUrls) ? draft.extraWebhookUrls : []),
    ]) {
      if (typeof url !== 'string') continue
      const r = parseWebhookUrl(url)
      if (r.ok && r.warning) warnings.push(r.warning)
    }
    const proxy = typeof draft.proxy === 'string' ? parseProxy(draft.proxy) : undefined
    if (
      proxy?.ok &&
      proxy.value &&
      typeof draft.webhookUrl === 'string' &&
      draft.webhookUrl.trim().startsWith('https:')
    ) {
      warnings.push(
        'If this proxy does not support HTTPS (CONNECT), change https to http in the webhook URL.',
      )
    }
    if (
      draft.format !== 'text' &&
      Array.isArray(draft.mentionMobiles) &&
      draft.mentionMobiles.length
    ) {
      warnings.push(
        'Markdown messages cannot @mention by mobile number: the relay sends a short text message right after, which uses one more message of the 20 a minute.',
      )
    }
    return [...new Set(warnings)]
  }

  function sampleAlert(sample: ApiParsed<'previewTemplate'>['sample']): {
    alert: Alert
    error?: string
  } {
    const fallback = () =>
      finishAlert(parseAlerts(SAMPLES[0]!.payload, undefined, settings().sources.generic)[0]!)
    try {
      if (sample.kind === 'alert') {
        const entry = relay.history.get(sample.id)
        if (!entry)
          return {
            alert: fallback(),
            error: `Alert ${sample.id} is no longer in the history: showing the Alertmanager sample.`,
          }
        return { alert: entry.alert }
      }
      const payload: unknown =
        sample.kind === 'sample'
          ? SAMPLES.find((s) => s.id === sample.id)?.payload
          : JSON.parse(sample.json)
      if (payload === undefined)
        return {
          alert: fallback(),
          error: 'There is no such sample: showing the Alertmanager sample.',
        }
      const drafts = parseAlerts(payload, undefined, settings().sources.generic)
      return { alert: finishAlert(drafts[0]!) }
    } catch (err) {
      return {
        alert: fallback(),
        error: `The sample could not be read (${(err as Error).message}): showing the Alertmanager sample instead.`,
      }
    }
  }

  function channelByName(name: string): Channel {
    const c = settings().channels.find((x) => x.name === name)
    if (!c) throw new ApiError(`No channel is called "${name}".`, undefined, 404)
    return c
  }

  function maskSettings(s: Settings): Settings {
    const copy = structuredClone(s) as Settings
    copy.listener.token = maskSecret(copy.listener.token)
    for (const c of copy.channels) {
      c.webhookUrl = maskUrl(c.webhookUrl)
      c.extraWebhookUrls = c.extraWebhookUrls.map(maskUrl)
      c.signatureKey = maskSecret(c.signatureKey)
      c.proxy = c.proxy ? maskUrl(c.proxy).replace(/\/$/, '') : ''
    }
    return copy
  }

  /** An export without secrets has masked values: keep the current secret for them on import. */
  function restoreMasked(imported: Record<string, unknown>): Record<string, unknown> {
    const cur = settings()
    const channels = Array.isArray(imported.channels) ? (imported.channels as Draft[]) : []
    for (const c of channels) {
      const existing = cur.channels.find((e) => e.name === c.name)
      if (!existing) continue
      if (typeof c.webhookUrl === 'string' && c.webhookUrl.includes('…'))
        c.webhookUrl = existing.webhookUrl
      if (typeof c.signatureKey === 'string' && c.signatureKey.includes('…'))
        c.signatureKey = existing.signatureKey
      if (typeof c.proxy === 'string' && c.proxy.includes('…')) c.proxy = existing.proxy
      if (Array.isArray(c.extraWebhookUrls))
        c.extraWebhookUrls = c.extraWebhookUrls.map((u, i) =>
          typeof u === 'string' && u.includes('…') ? (existing.extraWebhookUrls[i] ?? u) : u,
        )
    }
    const listener = imported.listener as Draft | undefined
    if (listener && typeof listener.token === 'string' && listener.token.includes('…'))
      listener.token = cur.listener.token
    return imported
  }

  /** A pasted URL and typed fields win over the chosen channel's. */
  function connectivityInput(
    t: ApiParsed<'revealCurl'> & { mentionMobiles?: string },
  ): ConnectivityInput {
    const c = t.channel ? channelByName(t.channel) : undefined
    const url = t.url ?? c?.webhookUrl
    if (!url) throw new ApiError('Pick a channel or paste a webhook URL to test.')
    return {
      url,
      proxy: t.proxy ?? c?.proxy,
      signatureKey: t.signatureKey ?? c?.signatureKey,
      format: t.format ?? c?.format,
      message: t.message,
      mentionMobiles: t.mentionMobiles ?? c?.mentionMobiles,
      verify: c?.verify,
      timeoutMs: (c?.timeoutSeconds ?? 10) * 1000,
    }
  }

  const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')

  return {
    async appInfo(): Promise<AppInfo> {
      return {
        version: options.version,
        mode: options.mode,
        dataDir: relay.dataDir,
        settingsPath: relay.settings.path,
        listener: relay.listener.status(),
        simulator: relay.simulator?.origin,
        warnings: relay.warnings,
      }
    },

    async listChannels() {
      return settings().channels as Channel[]
    },

    async validateChannel({ channel, originalName }) {
      const { next, index } = withChannel(channel, originalName)
      try {
        parseSettings(next)
        return { errors: [], warnings: channelWarnings(channel) }
      } catch (err) {
        if (!(err instanceof SettingsError)) throw err
        const mine = new RegExp(`^channels\\[${index}\\]\\.?`)
        const errors = err.errors
          .filter((e) => mine.test(e.path))
          .map((e) => ({ ...e, path: e.path.replace(mine, '') }))
        return { errors, warnings: channelWarnings(channel) }
      }
    },

    async saveChannel({ channel, originalName }) {
      const { next, index } = withChannel(channel, originalName)
      try {
        parseSettings(next)
      } catch (err) {
        if (err instanceof SettingsError)
          throw fieldsError(err.errors, new RegExp(`^channels\\[${index}\\]\\.?`))
        throw err
      }
      const saved = change((s) => Object.assign(s, next))
      return saved.channels[index] as Channel
    },

    async deleteChannel({ name }) {
      channelByName(name)
      change((s) => {
        s.channels = s.channels.filter((c) => c.name !== name)
        s.routes = s.routes
          .map((r) => ({ ...r, channels: r.channels.filter((c) => c !== name) }))
          .filter((r) => r.channels.length)
        s.defaultChannels = s.defaultChannels.filter((c) => c !== name)
      })
      return { deleted: name }
    },

    async duplicateChannel({ name, newName }) {
      const source = channelByName(name)
      const names = new Set(settings().channels.map((c) => c.name))
      let candidate = newName?.trim() || `${name} copy`
      for (let n = 2; !newName && names.has(candidate); n++) candidate = `${name} copy ${n}`
      const saved = change((s) => {
        s.channels.push({ ...structuredClone(source), name: candidate })
      })
      return saved.channels.at(-1) as Channel
    },

    async templateInfo() {
      const formats: MessageFormat[] = ['text', 'markdown', 'markdown_v2']
      const defaults = Object.fromEntries(
        (['en', 'zh'] as const).map((l) => [
          l,
          Object.fromEntries(formats.map((f) => [f, defaultTemplate(f, l)])),
        ]),
      ) as Record<'en' | 'zh', Record<MessageFormat, string>>
      return {
        variables: VARIABLES,
        defaults,
        limits: FORMAT_BYTE_LIMITS,
        samples: SAMPLES.map((s) => ({
          id: s.id,
          name: s.name,
          json: JSON.stringify(s.payload, null, 2),
        })),
      }
    },

    async lintTemplate({ template, format }) {
      return lintTemplate(template, format)
    },

    async previewTemplate({ template, format, sample, mentionMobiles }) {
      const { alert, error } = sampleAlert(sample)
      const limit = FORMAT_BYTE_LIMITS[format]
      const full = renderFull({ alert, repeats: 0 }, template, format)
      const fitted = truncateUtf8(full, limit)
      const messages = buildMessages({
        format,
        content: full,
        mentionMobiles,
        mentionText: `${alert.vars.alarm_name ?? 'Alert'}: see the message above.`,
      }).map((m) => {
        const content =
          m.body.msgtype === 'text'
            ? m.body.text.content
            : m.body.msgtype === 'markdown'
              ? m.body.markdown.content
              : m.body.markdown_v2.content
        const isAlert = m.role === 'alert'
        return {
          msgtype: m.body.msgtype,
          content,
          html: renderWeComHtml(content, m.body.msgtype),
          bytes: isAlert ? utf8Length(full) : m.bytes,
          limit: FORMAT_BYTE_LIMITS[m.body.msgtype],
          truncated: isAlert && fitted.truncated,
          cut: isAlert ? fitted.cut : '',
          mentions: m.body.msgtype === 'text' ? (m.body.text.mentioned_mobile_list ?? []) : [],
        }
      })
      return {
        messages,
        lint: lintTemplate(template, format),
        alert: {
          vars: alert.vars,
          labels: alert.labels,
          annotations: alert.annotations,
          status: alert.status,
          source: alert.source,
        },
        sampleError: error,
      }
    },

    async previewDigest({ template, format, sample, count }) {
      const { alert } = sampleAlert(sample)
      const levels = ['critical', 'warning', 'info', 'down', 'caution']
      const items = Array.from({ length: count }, (_, i) => ({
        alert: {
          ...alert,
          vars: {
            ...alert.vars,
            alarm_name: `${alert.vars.alarm_name ?? 'Alert'} #${i + 1}`,
            alarm_level:
              i === 0 ? (alert.vars.alarm_level ?? 'critical') : levels[i % levels.length]!,
          },
        },
        repeats: i % 4 === 3 ? 2 : 0,
      }))
      const limit = FORMAT_BYTE_LIMITS[format]
      const built = buildNext(items, template, format, limit)
      return {
        content: built.content,
        html: renderWeComHtml(built.content, format),
        bytes: utf8Length(built.content),
        limit,
        carried: built.count,
        of: count,
      }
    },

    async testWebhook({ runId, dryRun, ...target }) {
      return testWebhook(
        { ...connectivityInput(target), dryRun },
        (stage) => relay.events.publish({ type: 'connectivity.stage', runId, stage }),
        relay.sender,
      )
    },

    async revealCurl(target) {
      return { curl: testCurl(connectivityInput(target), true) }
    },

    async queryHistory(q) {
      return relay.history.query(q)
    },

    async historyChart({ from, to, buckets }) {
      const end = to ? Date.parse(to) : Date.now()
      const start = from ? Date.parse(from) : end - 24 * 3_600_000
      const width = Math.max(1, (end - start) / buckets)
      const out = Array.from({ length: buckets }, (_, i) => ({
        start: new Date(start + i * width).toISOString(),
        delivered: 0,
        failed: 0,
        pending: 0,
        other: 0,
      }))
      for (const e of relay.history.recent(new Date(start).toISOString())) {
        const t = Date.parse(e.alert.receivedAt)
        if (t > end) break
        const b = out[Math.min(buckets - 1, Math.floor((t - start) / width))]!
        const states = Object.values(e.deliveries).map((d) => d.state)
        if (states.includes('failed')) b.failed++
        else if (states.includes('pending')) b.pending++
        else if (states.includes('delivered')) b.delivered++
        else b.other++
      }
      return { buckets: out }
    },

    async getAlert({ id }) {
      return relay.history.get(id) ?? null
    },

    async resendAlert({ id, channels }) {
      const entry = relay.history.get(id)
      if (!entry)
        throw new ApiError(
          `Alert ${id} is not in the history (it may have expired).`,
          undefined,
          404,
        )
      // By default: the channels it went to that still exist, else the default channels.
      const known = Object.keys(entry.deliveries).filter((c) =>
        settings().channels.some((x) => x.name === c),
      )
      const targets = channels ?? (known.length ? known : settings().defaultChannels)
      for (const c of targets) channelByName(c)
      if (!targets.length) throw new ApiError('There is no channel to resend to: pick one.')
      await relay.delivery.resend(id, targets)
      return { queued: targets }
    },

    async exportHistory({ format, query }) {
      return {
        filename: `wecom-alert-relay-history-${stamp()}.${format}`,
        content: relay.history.export(format, query, relay.secrets()),
      }
    },

    async deliveryStatus() {
      return relay.delivery.status()
    },

    async pauseDelivery({ minutes }) {
      relay.delivery.pause(minutes ? minutes * 60_000 : undefined)
      return relay.delivery.status()
    },

    async resumeDelivery() {
      relay.delivery.resume()
      return relay.delivery.status()
    },

    async sendTestAlert({ channel }) {
      if (channel) channelByName(channel)
      const ids = await relay.ingest(
        [
          {
            source: 'generic',
            status: 'firing',
            vars: {
              alarm_name: 'Test alert from WeCom Alert Relay',
              alarm_level: 'info',
              alarm_target: 'wecom-alert-relay',
              alarm_summary: 'If you can read this in the group, the channel works.',
              alarm_active_at: new Date().toISOString(),
            },
            labels: { test: 'true' },
            annotations: {},
            fingerprint: `test-${Date.now()}`,
            raw: { test: true },
          },
        ],
        channel ? [channel] : [],
      )
      return { ids }
    },

    async getSettings() {
      return settings() as Settings
    },

    async updateSettings({ patch }) {
      return change((s) => {
        for (const [key, value] of Object.entries(patch)) {
          const cur = (s as unknown as Record<string, unknown>)[key]
          ;(s as unknown as Record<string, unknown>)[key] =
            cur &&
            typeof cur === 'object' &&
            !Array.isArray(cur) &&
            value &&
            typeof value === 'object' &&
            !Array.isArray(value)
              ? { ...cur, ...value }
              : value
        }
      })
    },

    async exportSettings({ includeSecrets }) {
      const s = includeSecrets ? settings() : maskSettings(settings() as Settings)
      return {
        filename: `wecom-alert-relay-settings${includeSecrets ? '-with-secrets' : ''}-${stamp()}.json`,
        content: JSON.stringify(s, null, 2) + '\n',
      }
    },

    async importSettings({ content }) {
      let raw: unknown
      try {
        raw = JSON.parse(content.replace(/^\uFEFF/, ''))
      } catch (err) {
        throw new ApiError(
          `The file is not valid JSON (${(err as Error).message}): pick a settings file exported from the relay.`,
        )
      }
      if (!raw || typeof raw !== 'object' || Array.isArray(raw))
        throw new ApiError(
          'The file does not hold a settings object: pick a settings file exported from the relay.',
        )
      const { raw: migrated } = migrate(restoreMasked(raw as Record<string, unknown>))
      try {
        return relay.settings.replace(parseSettings(migrated))
      } catch (err) {
        if (err instanceof SettingsError) throw fieldsError(err.errors)
        throw err
      }
    },

    async simulatorMessages() {
      return {
        running: !!relay.simulator,
        origin: relay.simulator?.origin,
        messages: relay.simulator?.rules.messages.slice(-200) ?? [],
      }
    },

    async clearSimulator() {
      relay.simulator?.rules.clear()
      return { cleared: !!relay.simulator }
    },
  }
}

/** The package version, for appInfo. */
export function packageVersion(packageJsonPath: string): string {
  try {
    return (
      (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version?: string }).version ?? '0.0.0'
    )
  } catch {
    return '0.0.0'
  }
}
