import { headerProblem } from '../../http/headers'
import { parseHttpUrl } from '../../settings/fields'
import { DINGTALK_STYLE, type ChannelFacts } from '../channel-facts'
import { say } from '../../text/core-text'

/** Default body of an HTTP channel: the alert's main variables as JSON. */
export const DEFAULT_HTTP_BODY = `{
  "name": "\${alarm_name}",
  "level": "\${alarm_level}",
  "status": "\${alarm_status}",
  "target": "\${alarm_target}",
  "summary": "\${alarm_summary}",
  "description": "\${alarm_description}",
  "activeAt": "\${alarm_active_at}",
  "url": "\${alarm_url}"
}`

/** Any HTTP endpoint: one request per alert, its body a template of the alert's variables. */
export const httpFacts: ChannelFacts = {
  id: 'http',
  name: say('phrase.typeHttp'),
  shortName: 'HTTP',
  // HTTP and script channels render their own body/input; `format` only picks the template escaping.
  formats: ['text', 'markdown'],
  defaultFormat: 'text',
  capabilities: {
    body: 'request',
    endpoint: 'url',
    alertsPerMessage: 1,
    mentions: { mobiles: 'no', userIds: false, all: 'none' },
    mentionFollowUp: false,
    showsRequestBody: true,
    runsProgram: false,
    signing: DINGTALK_STYLE,
  },
  limits: { windows: [] },
  defaultVerify: { type: 'status', codes: [200, 201, 202, 204] },
  defaultBody: DEFAULT_HTTP_BODY,
  example: { url: 'https://example.com/hook' },
  checkOwnFields(draft, issue) {
    const r = parseHttpUrl(draft.url, say('phrase.httpUrl'), 'https://alerts.example.com/hook')
    if (!r.ok) issue(['url'], r.error)
    const headers = draft.headers
    if (headers && typeof headers === 'object')
      for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
        const problem = typeof value === 'string' ? headerProblem(name, value) : undefined
        if (problem) issue(['headers', name], problem)
      }
  },
  testFormat: (format) => format ?? 'text',
}
