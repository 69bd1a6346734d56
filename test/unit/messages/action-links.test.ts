import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { finishAlert, type Alert } from '../../../electron/core/alerts/model'
import { parseAlerts } from '../../../electron/core/alerts/sources'
import { MAX_LINKED_IDS } from '../../../electron/core/messages/action-links'
import { composeNext } from '../../../electron/core/messages/compose'
import { previewTemplateMessages } from '../../../electron/core/messages/preview'
import { bodyContent } from '../../../electron/core/channels/wecom/body'
import { utf8Length } from '../../../electron/core/templates/bytes'
import { FORMAT_BYTE_LIMITS, MESSAGE_FORMATS } from '../../../electron/core/templates/formats'

// Alertmanager's webhook payload (version 4), as its docs publish it; see test/fixtures. One
// DiskFull firing on db-1, one resolved on db-2.
const body = JSON.parse(
  readFileSync(new URL('../../fixtures/alertmanager-group.json', import.meta.url), 'utf8'),
) as { alerts: Array<{ labels: Record<string, string> }> }
const BASE = 'http://ops-pc:8761'
const now = new Date('2026-11-28T09:00:00Z')

function alerts(): Alert[] {
  return parseAlerts(body, undefined, { itemsPath: '', fields: {} }, now).map((d) =>
    finishAlert(d, now),
  )
}
const firing = () => alerts().find((a) => a.status === 'firing')!
const resolved = () => alerts().find((a) => a.status === 'resolved')!

/** `n` firing alerts from the real one, each its own instance. */
function storm(n: number): Alert[] {
  return Array.from({ length: n }, (_, i) => {
    const a = firing()
    return { ...a, vars: { ...a.vars, alarm_target: `db-${i}:9100` } }
  })
}

const channel = (format: (typeof MESSAGE_FORMATS)[number]) => ({ format, template: '' })

describe('acknowledge · mute links in messages', () => {
  it('end a lone firing alert with links to acknowledge and to mute it, in every format', () => {
    const a = firing()
    for (const format of MESSAGE_FORMATS) {
      const m = composeNext([{ alert: a, repeats: 0 }], channel(format), { linkBase: BASE })
      const content = bodyContent(m.messages[0]!.body)
      const ack = `${BASE}/#/now/${a.id}?action=ack`
      const mute = `${BASE}/#/now/${a.id}?action=mute`
      if (format === 'text') expect(content).toMatch(`Acknowledge: ${ack}\nMute 1 h: ${mute}`)
      else expect(content.endsWith(`[Acknowledge](${ack}) · [Mute 1 h](${mute})`)).toBe(true)
      // No token travels in a message.
      expect(content).not.toMatch(/token/i)
    }
  })

  it('are left out when no link address is set, on resolved alerts, and speak the channel language', () => {
    const plain = composeNext([{ alert: firing(), repeats: 0 }], channel('markdown'))
    expect(plain.content).not.toContain('#/now')
    const over = composeNext([{ alert: resolved(), repeats: 0 }], channel('markdown'), {
      linkBase: BASE,
    })
    expect(over.content).not.toContain('#/now')
    const zh = composeNext(
      [{ alert: firing(), repeats: 0 }],
      { ...channel('markdown'), language: 'zh' },
      { linkBase: BASE },
    )
    expect(zh.content).toMatch(/\[确认\]\(.*\) · \[静音 1 小时\]\(/)
  })

  it('give a digest one link to its firing alerts, or past the cap to the Now page', () => {
    const few = storm(3)
    const m = composeNext(
      few.map((alert) => ({ alert, repeats: 0 })),
      channel('markdown'),
      { linkBase: BASE },
    )
    expect(m.kind).toBe('digest')
    expect(m.content).toContain(
      `[Acknowledge or mute these 3](${BASE}/#/now?alerts=${few.map((a) => a.id).join('%2C')})`,
    )
    const many = storm(MAX_LINKED_IDS + 20)
    const d = composeNext(
      many.map((alert) => ({ alert, repeats: 0 })),
      channel('markdown'),
      { linkBase: BASE },
    )
    expect(d.count).toBeGreaterThan(MAX_LINKED_IDS)
    expect(d.content.endsWith(`[Open Now](${BASE}/#/now)`)).toBe(true)
  })

  it('stay within the byte limit and are never cut, however long the alert', () => {
    const a = firing()
    // A template far over every format's limit.
    const template = `\${alarm_name} ${'磁盘'.repeat(3000)}`
    for (const format of MESSAGE_FORMATS) {
      const m = composeNext([{ alert: a, repeats: 0 }], { format, template }, { linkBase: BASE })
      const content = bodyContent(m.messages[0]!.body)
      expect(m.truncated).toBe(true)
      expect(utf8Length(content)).toBeLessThanOrEqual(FORMAT_BYTE_LIMITS[format])
      expect(content).toContain(`${BASE}/#/now/${a.id}?action=mute`)
    }
    // A backlog packs as many as fit with the links counted.
    const backlog = storm(400).map((alert) => ({ alert, repeats: 0 }))
    for (const format of MESSAGE_FORMATS) {
      const m = composeNext(backlog, channel(format), { linkBase: BASE })
      expect(utf8Length(bodyContent(m.messages[0]!.body))).toBeLessThanOrEqual(
        FORMAT_BYTE_LIMITS[format],
      )
      expect(m.content).toContain(`${BASE}/#/now`)
    }
  })

  it('show in the template preview as they would be sent', () => {
    const a = firing()
    const [m] = previewTemplateMessages({
      alert: a,
      template: '',
      format: 'markdown',
      linkBase: BASE,
    })
    expect(m!.content).toContain(`[Mute 1 h](${BASE}/#/now/${a.id}?action=mute)`)
    expect(m!.bytes).toBe(utf8Length(m!.content))
  })
})
