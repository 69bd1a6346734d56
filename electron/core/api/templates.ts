import { finishAlert, type Alert } from '../alerts/model'
import { parseAlerts } from '../alerts/sources'
import { previewDigestMessage, previewTemplateMessages } from '../messages/preview'
import { isTypedRobot } from '../messages/typed-compose'
import { typedBodyPreview } from '../messages/typed-preview'
import { channelInputPreview } from '../messages/typed-request'
import { previewStorm, stormAlerts } from '../delivery/storm-preview'
import { builtInLanguage, defaultTemplate } from '../templates/defaults'
import { FORMAT_BYTE_LIMITS, type MessageFormat } from '../templates/formats'
import { lintTemplate } from '../templates/lint'
import { SAMPLES } from '../templates/samples'
import { VARIABLES } from '../templates/variables'
import type { ApiMethods, ServiceContext } from './context'
import type { ApiParsed } from './contract'

/** Templates: the editor's reference data, lint, and previews of one message and of a digest. */
export function templateMethods(
  ctx: ServiceContext,
): ApiMethods<
  'templateInfo' | 'lintTemplate' | 'previewTemplate' | 'previewDigest' | 'previewStorm'
> {
  /** The alert a preview renders: a sample, an alert from the history, or a pasted payload. */
  function sampleAlert(sample: ApiParsed<'previewTemplate'>['sample']): {
    alert: Alert
    error?: string
  } {
    const generic = ctx.settings().sources.generic
    const fallback = () => finishAlert(parseAlerts(SAMPLES[0]!.payload, undefined, generic)[0]!)
    try {
      if (sample.kind === 'alert') {
        const entry = ctx.relay.history.get(sample.id)
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
      const drafts = parseAlerts(payload, undefined, generic)
      return { alert: finishAlert(drafts[0]!) }
    } catch (err) {
      return {
        alert: fallback(),
        error: `The sample could not be read (${(err as Error).message}): showing the Alertmanager sample instead.`,
      }
    }
  }

  /** The request or input of the saved HTTP or script channel named in the preview's input. */
  function httpOrScript(input: ApiParsed<'previewTemplate'>, alert: Alert) {
    const settings = ctx.settings()
    const channel = settings.channels.find((c) => c.name === input.channel)
    if (!channel) return {}
    return channelInputPreview({
      channel,
      template: input.template,
      language: input.language,
      body: input.body,
      alert,
      timeZone: settings.app.timeZone,
      linkBase: settings.app.linkBaseUrl,
    })
  }

  return {
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

    async previewTemplate(input) {
      const { template, format, sample, language, type = 'wecom' } = input
      const { alert, error } = sampleAlert(sample)
      // DingTalk and Feishu carry their own mentions: their content is composed without WeCom's.
      const typed = isTypedRobot(type)
      const mentionMobiles = typed ? [] : input.mentionMobiles
      const mentionUserIds = typed ? [] : input.mentionUserIds
      // The composer delivery uses: the preview is byte for byte what would be sent.
      const messages = previewTemplateMessages({
        alert,
        template,
        format,
        language: language ?? builtInLanguage(template),
        mentionMobiles,
        mentionUserIds,
        timeZone: ctx.settings().app.timeZone,
        linkBase: ctx.settings().app.linkBaseUrl,
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
        body: typedBodyPreview({
          type,
          format: input.channelFormat ?? format,
          template,
          language: language ?? builtInLanguage(template),
          timeZone: ctx.settings().app.timeZone,
          linkBase: ctx.settings().app.linkBaseUrl,
          alert,
          mentionMobiles: input.mentionMobiles,
          mentionUserIds: input.mentionUserIds,
        }),
        ...httpOrScript(input, alert),
      }
    },

    async previewStorm(input) {
      const { alert, error } = sampleAlert(input.sample)
      let alerts: Alert[]
      let sampleError = error
      if (input.mode === 'paste' && input.sample.kind === 'payload') {
        try {
          const generic = ctx.settings().sources.generic
          alerts = parseAlerts(JSON.parse(input.sample.json), undefined, generic).map((d) =>
            finishAlert(d),
          )
        } catch (err) {
          alerts = [alert]
          sampleError = `The pasted alerts could not be read (${(err as Error).message}): showing one sample alert instead.`
        }
      } else alerts = stormAlerts(alert, input.count, input.names)
      return {
        ...previewStorm({
          alerts,
          type: input.type ?? 'wecom',
          format: input.format,
          template: input.template,
          language: input.language ?? builtInLanguage(input.template),
          timeZone: ctx.settings().app.timeZone,
          storm: input.storm,
          arrivalMs: input.arrivalSeconds * 1000,
          sharedRobot: input.sharedRobot,
        }),
        ...(sampleError ? { sampleError } : {}),
      }
    },

    async previewDigest({ template, format, sample, count, language, type, channelFormat }) {
      const { alert } = sampleAlert(sample)
      return previewDigestMessage({
        alert,
        template,
        format,
        count,
        type,
        channelFormat,
        language: language ?? builtInLanguage(template),
        timeZone: ctx.settings().app.timeZone,
      })
    },
  }
}
