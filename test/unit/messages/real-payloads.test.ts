import { describe, expect, it } from 'vitest'
import { finishAlert } from '../../../electron/core/alerts/model'
import { detectSource, fromText, parseAlerts } from '../../../electron/core/alerts/sources'
import { subscriptionOf } from '../../../electron/core/alerts/sources/subscription'
import { composeNext } from '../../../electron/core/messages/compose'
import { bodyContent } from '../../../electron/core/channels/wecom/body'
import { defaultTemplate } from '../../../electron/core/templates/defaults'
import { MESSAGE_FORMATS } from '../../../electron/core/templates/formats'
import { EXPECTED } from '../../fixtures/real/expectations'
import { realPayloads } from '../../fixtures/real/load'
import { checkMessage, EMPTY_FIELD, TIME } from './message-checks'

const noMapping = { itemsPath: '', fields: {} }
const now = Date.parse('2026-11-28T09:00:00Z')
const payloads = realPayloads({ all: true })

describe('every real payload, composed in every format', () => {
  it('has at least 100 bodies, each with its expectations', () => {
    expect(payloads.length).toBeGreaterThanOrEqual(100)
    for (const p of payloads) expect(EXPECTED[p.file], p.file).toBeDefined()
  })

  it('a body with no alerts in it is a subscription request, not an alert', () => {
    for (const p of payloads.filter((x) => !EXPECTED[x.file]!.length))
      expect(subscriptionOf(p.body), p.file).toMatchObject({ confirmUrl: /^https:\/\// })
  })

  for (const p of payloads.filter((x) => EXPECTED[x.file]!.length)) {
    for (const format of MESSAGE_FORMATS) {
      it(`${p.file} → ${format}`, () => {
        const drafts = parseAlerts(p.body, undefined, noMapping)
        const expected = EXPECTED[p.file]!
        expect(drafts.map((d) => [d.source, d.status])).toEqual(
          expected.map((e) => [e.source, e.status]),
        )
        // Detection weighed the whole body: the same sender, without being told.
        expect(detectSource(p.body)).toBe(expected[0]!.source)
        expect(drafts.map((d) => !!d.vars.alarm_guessed)).toEqual(expected.map((e) => !!e.guessed))
        drafts.forEach((draft, i) => {
          const alert = finishAlert(draft, new Date(now))
          const composed = composeNext(
            [{ alert, repeats: 0 }],
            {
              format,
              template: defaultTemplate(format),
              mentionMobiles: ['13800001111'],
              mentionUserIds: ['zhangsan'],
            },
            { timeZone: 'Asia/Shanghai', now },
          )
          const [message, followUp] = composed.messages
          checkMessage(bodyContent(message!.body), expected[i]!, p.text)
          // Mentions: text carries both lists; Markdown names the user inline and sends the
          // mobile in a follow-up; Markdown v2 cannot mention, so the follow-up carries both.
          if (format === 'text') {
            expect(message!.body).toMatchObject({
              text: { mentioned_list: ['zhangsan'], mentioned_mobile_list: ['13800001111'] },
            })
            expect(followUp).toBeUndefined()
          } else {
            expect(bodyContent(message!.body).includes('<@zhangsan>')).toBe(format === 'markdown')
            expect(followUp!.body).toMatchObject({
              msgtype: 'text',
              text: {
                mentioned_mobile_list: ['13800001111'],
                ...(format === 'markdown_v2' ? { mentioned_list: ['zhangsan'] } : {}),
              },
            })
          }
        })
      })
    }
  }
})

describe('the checks themselves', () => {
  it('catch what the issue saw: empty fields, escapes and entities', async () => {
    const { EMPTY_FIELD, VISIBLE_ESCAPE } = await import('./message-checks')
    for (const seen of [
      '- Summary: ',
      'Generation time: ',
      '[] title',
      '**Level:** ',
      'x\n- OCP link:',
    ])
      expect(seen).toMatch(EMPTY_FIELD)
    for (const seen of ['\\[故障\\]', 'instance-name-\\*\\*\\*\\*', '&lt;no value&gt;'])
      expect(seen).toMatch(VISIBLE_ESCAPE)
    expect('- Summary: disk full').not.toMatch(EMPTY_FIELD)
  })
})

describe('Chinese channels', () => {
  const english = /FIRING|RESOLVED|Level:|Resolved at|see the message above|alerts above|Repeated/
  for (const p of payloads.filter((x) => EXPECTED[x.file]!.length)) {
    it(`${p.file}: every word the relay adds is Chinese`, () => {
      for (const format of MESSAGE_FORMATS) {
        const alerts = parseAlerts(p.body, undefined, noMapping).map((d) =>
          finishAlert(d, new Date(now)),
        )
        const composed = composeNext(
          alerts.map((alert) => ({ alert, repeats: 2, firstRepeatAt: now - 60_000 })),
          {
            format,
            template: defaultTemplate(format, 'zh'),
            language: 'zh',
            mentionMobiles: ['13800001111'],
          },
          { timeZone: 'Asia/Shanghai', now },
        )
        for (const m of composed.messages) {
          const content = bodyContent(m.body)
          expect(content).not.toMatch(english)
          expect(content).toMatch(m.role === 'alert' ? /告警|已恢复|恢复于/ : /请查看|以上/)
        }
      }
    })
  }
})

describe('plain text and bare JSON', () => {
  it('a curl text alert reads as one firing alert with a time, not a list of empty fields', () => {
    for (const format of MESSAGE_FORMATS) {
      const alert = finishAlert(fromText('disk full on db-1')[0]!, new Date(now))
      const content = bodyContent(
        composeNext(
          [{ alert, repeats: 0 }],
          { format, template: defaultTemplate(format) },
          { timeZone: 'Asia/Shanghai', now },
        ).messages[0]!.body,
      )
      expect(content).toContain('disk full on db-1')
      expect(content).not.toMatch(EMPTY_FIELD)
      expect(content).toMatch(TIME)
      expect(content).toContain('🔥')
      expect(content).not.toMatch(/\[\]/)
    }
  })
})

describe('links a sender gives', () => {
  const body = (file: string) => payloads.find((p) => p.file === file)!.body
  const compose = (b: unknown, format: (typeof MESSAGE_FORMATS)[number]) => {
    const alert = finishAlert(parseAlerts(b, undefined, noMapping)[0]!, new Date(now))
    const content = bodyContent(
      composeNext([{ alert, repeats: 0 }], { format, template: defaultTemplate(format) }, { now })
        .messages[0]!.body,
    )
    // The URL each line ends with (a Markdown link's or a text line's).
    const links = content.split('\n').flatMap((l) => l.match(/(https?:\/\/\S+?)\)?$/)?.[1] ?? [])
    return { alert, links }
  }
  // grafana13-order-lookup-5xx.json has a panel, a dashboard, a silence link; with its panel
  // link removed, the dashboard is the source link, and is shown once.
  const grafana13 = body('grafana13-order-lookup-5xx.json') as { alerts: Record<string, unknown>[] }
  const noPanel = { ...grafana13, alerts: grafana13.alerts.map((a) => ({ ...a, panelURL: '' })) }
  for (const format of MESSAGE_FORMATS) {
    it(`reach the ${format} message: runbook, dashboard, silence, each once`, () => {
      const docs = compose(body('grafana-docs-two-firing.json'), format).links
      expect(docs).toContain('https://myrunbook.com/runbook/1234')
      expect(docs.some((l) => l.includes('/alerting/silence/new'))).toBe(true)
      // Panel (the source link), dashboard, silence.
      expect(compose(grafana13, format).links).toHaveLength(3)
      // The dashboard is the source link now: one line, not two.
      const plain = compose(noPanel, format).links
      expect(plain).toHaveLength(2)
      expect(new Set(plain).size).toBe(2)
    })
  }
})
