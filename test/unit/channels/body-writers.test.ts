import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finishAlert } from '../../../electron/core/alerts/model'
import { parseAlerts } from '../../../electron/core/alerts/sources'
import type { RobotBodyWriter } from '../../../electron/core/channels/channel-sender'
import { channelTypeModule, registerChannelType } from '../../../electron/core/channels/registry'
import { contentByteLimit } from '../../../electron/core/channels/limits'
import { composeNext, mentionNote } from '../../../electron/core/messages/compose'
import { utf8Length } from '../../../electron/core/templates/bytes'
import { defaultTemplate } from '../../../electron/core/templates/defaults'
import { pigeonBody } from '../../fixtures/channel-types/pigeon/body'
import { pigeonType } from '../../fixtures/channel-types/pigeon/type'
import { realPayloads } from '../../fixtures/real/load'

// A real Alertmanager body (test/fixtures/real/SOURCES.md: timonwong/prometheus-webhook-dingtalk).
const [alert] = parseAlerts(
  realPayloads().find((p) => p.file === 'am-runit-restart-warning.json')!.body,
  undefined,
  { itemsPath: '', fields: {} },
).map((d) => finishAlert(d))
const items = [{ alert: alert!, repeats: 0 }]
const mentions = { mentionMobiles: ['13800001111', '@all'], mentionUserIds: ['zhang', '@all'] }

describe('WeCom is written by its own body writer, as DingTalk and Feishu are', () => {
  it.each(['text', 'markdown', 'markdown_v2'] as const)(
    '%s: the composer sends exactly what the type writes, mention follow-up included',
    (format) => {
      const write = channelTypeModule('wecom').writeBody
      expect(write).toBeDefined()
      const composed = composeNext(items, {
        format,
        template: defaultTemplate(format, 'en'),
        ...mentions,
      })
      const written = write!(
        { channelFormat: format, ...mentions },
        { content: composed.content, title: '', mentionText: mentionNote(items) },
      )
      expect(composed.messages).toEqual(written)
      // Markdown and Markdown v2 cannot carry the mobiles: the writer's follow-up does.
      expect(composed.messages.map((m) => m.role)).toEqual(
        format === 'text' ? ['alert'] : ['alert', 'mention'],
      )
    },
  )
})

describe('the composer asks the type, whatever it is', () => {
  // The fake platform of the sixth-type test, with a follow-up of its own and room it reserves.
  const FOLLOW_UP_ROOM = 700
  const withFollowUp: RobotBodyWriter = (channel, parts, limit) => [
    ...pigeonBody(channel, parts, limit),
    { body: { text: parts.mentionText }, bytes: 1, truncated: false, role: 'mention' },
  ]
  let forget: () => void
  beforeAll(() => {
    forget = registerChannelType({
      ...pigeonType,
      writeBody: withFollowUp,
      bodyReserve: () => FOLLOW_UP_ROOM,
    })
  })
  afterAll(() => forget())

  it("sends a type's follow-up and keeps free the room it reserves", () => {
    const many = Array.from({ length: 200 }, (_, i) => ({
      alert: { ...alert!, vars: { ...alert!.vars, alarm_name: `DiskFull #${i}` } },
      repeats: 0,
    }))
    const channel = { format: 'markdown' as const, template: defaultTemplate('markdown', 'en') }
    const composed = composeNext(many, { ...channel, type: 'pigeon' })
    expect(composed.messages.map((m) => m.role)).toEqual(['alert', 'mention'])
    expect(composed.messages[1]!.wire).toEqual({ text: mentionNote(many.slice(0, composed.count)) })
    // Pigeon counts its whole body: its content room, less what the writer reserved, is what the
    // digest fills (nearly: one more alert would not fit).
    const room = contentByteLimit('pigeon', 'markdown') - FOLLOW_UP_ROOM
    const bytes = utf8Length(composed.content)
    expect(composed.count).toBeGreaterThan(1)
    expect(composed.count).toBeLessThan(many.length)
    expect(bytes).toBeLessThanOrEqual(room)
    expect(bytes).toBeGreaterThan(room - 400)
  })
})
