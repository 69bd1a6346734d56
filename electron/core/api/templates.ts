import { finishAlert, type Alert } from '../alerts/model'
import { parseAlerts } from '../alerts/sources'
import { buildMessages } from '../channels/wecom'
import { buildNext, renderFull } from '../delivery/digest'
import { truncateUtf8, utf8Length } from '../templates/bytes'
import { defaultTemplate } from '../templates/defaults'
import { FORMAT_BYTE_LIMITS, type MessageFormat } from '../templates/formats'
import { lintTemplate } from '../templates/lint'
import { SAMPLES } from '../templates/samples'
import { VARIABLES } from '../templates/variables'
import { renderWeComHtml } from '../templates/wecom-markdown'
import type { ApiMethods, ServiceContext } from './context'
import type { ApiParsed } from './contract'

/** Templates: the editor's reference data, lint, and previews of one message and of a digest. */
export function templateMethods(
  ctx: ServiceContext,
): ApiMethods<'templateInfo' | 'lintTemplate' | 'previewTemplate' | 'previewDigest'> {
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
  }
}
