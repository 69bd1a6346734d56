import { describe, expect, it } from 'vitest'
import { finishAlert, type Alert } from '../../../electron/core/alerts/model'
import { parseAlerts } from '../../../electron/core/alerts/sources'
import { composeNext } from '../../../electron/core/messages/compose'
import { composeDingTalk } from '../../../electron/core/channels/dingtalk/body'
import { composeFeishuCard } from '../../../electron/core/channels/feishu/card'
import { composeFeishuPost, composeFeishuText } from '../../../electron/core/channels/feishu/post'
import { defaultTemplate } from '../../../electron/core/templates/defaults'
import { realPayloads } from '../../fixtures/real/load'

// What the composer renders for WeCom: a colour tag, a heading, bold, a Markdown link.
const CONTENT = [
  '### <font color="warning">🔥 FIRING</font> KubePodCrashLooping',
  '**Level:** <font color="warning">Critical</font>',
  '**Labels:** <font color="comment">team=db</font>',
  '[Open source](https://prometheus.example.com/graph?g0.expr=up)',
].join('\n')
const FACTS = {
  content: CONTENT,
  title: 'KubePodCrashLooping',
  level: 'critical',
  status: 'firing' as const,
  links: [
    { text: 'Open', url: 'https://prometheus.example.com/graph?g0.expr=up' },
    { text: 'Runbook', url: 'https://runbooks.example.com/crashloop' },
  ],
}

describe('DingTalk Markdown', () => {
  it('has no colour tags, keeps lines apart, and notifies the mobiles from the text', () => {
    const [m] = composeDingTalk({ ...FACTS, format: 'markdown', mentionMobiles: ['13800001111'] })
    const body = m!.body as { markdown: { title: string; text: string }; at: unknown }
    expect(body.markdown.title).toBe('KubePodCrashLooping')
    expect(body.markdown.text).not.toContain('<font')
    expect(body.markdown.text).toContain('### **🔥 FIRING** KubePodCrashLooping  \n')
    expect(body.markdown.text).toContain('**Labels:** team=db')
    // The link the content lacks goes on a line of its own; the one it has is not repeated.
    expect(body.markdown.text).toContain('[Runbook](https://runbooks.example.com/crashloop)')
    expect(body.markdown.text.split('https://prometheus.example.com').length).toBe(2)
    expect(body.markdown.text.endsWith('@13800001111')).toBe(true)
    expect(body.at).toEqual({ atMobiles: ['13800001111'], isAtAll: false })
  })

  it('does not bold twice what the template already made bold', () => {
    const [m] = composeDingTalk({
      ...FACTS,
      content: '<font color="warning">**Critical**</font>',
      format: 'markdown',
    })
    expect((m!.body as { markdown: { text: string } }).markdown.text).toMatch(/^\*\*Critical\*\*\n/)
  })

  it('does not add a link the content shows Markdown-escaped', () => {
    const url = 'https://grafana.example.com/alerting/silence/new?matcher=__alert_rule_uid__%3Dx'
    const [m] = composeDingTalk({
      ...FACTS,
      content: `[Silence](${url.replace(/_/g, '%5F')})`,
      links: [{ text: 'Silence', url }],
      format: 'markdown',
    })
    expect(
      (m!.body as { markdown: { text: string } }).markdown.text.match(/Silence/g),
    ).toHaveLength(1)
  })

  it('@all is isAtAll, and a text message is plain', () => {
    const [m] = composeDingTalk({ ...FACTS, format: 'text', mentionMobiles: ['@all'] })
    expect(m!.body).toMatchObject({ msgtype: 'text', at: { atMobiles: [], isAtAll: true } })
    expect(JSON.stringify(m!.body)).not.toContain('<font')
  })

  it('a text message names each mentioned mobile in its text too, or DingTalk notifies nobody', () => {
    const [m] = composeDingTalk({
      ...FACTS,
      format: 'text',
      mentionMobiles: ['13800001111', '13900002222', '13800001111'],
    })
    const body = m!.body as { text: { content: string }; at: unknown }
    expect(body.text.content).toMatch(/KubePodCrashLooping[\s\S]*\n\n@13800001111 @13900002222$/)
    expect(body.at).toEqual({ atMobiles: ['13800001111', '13900002222'], isAtAll: false })
    expect(m!.bytes).toBe(Buffer.byteLength(JSON.stringify(m!.body)))
    // A long text is cut before the mentions, so it still notifies.
    const [long] = composeDingTalk({
      ...FACTS,
      content: 'disk full\n'.repeat(4000),
      format: 'text',
      mentionMobiles: ['13800001111'],
    })
    expect(long!.truncated).toBe(true)
    expect(Buffer.byteLength(JSON.stringify(long!.body))).toBeLessThanOrEqual(20_000)
    expect((long!.body as { text: { content: string } }).text.content).toMatch(/@13800001111$/)
  })

  it('cuts a long message to 20,000 bytes of body and still notifies', () => {
    const [m] = composeDingTalk({
      ...FACTS,
      content: `"quoted"\n`.repeat(5000),
      format: 'markdown',
      mentionMobiles: ['13800001111'],
    })
    expect(m!.truncated).toBe(true)
    expect(Buffer.byteLength(JSON.stringify(m!.body))).toBeLessThanOrEqual(20_000)
    expect(m!.bytes).toBe(Buffer.byteLength(JSON.stringify(m!.body)))
    expect((m!.body as { markdown: { text: string } }).markdown.text).toMatch(/@13800001111$/)
  })
})

describe('Feishu/Lark post and card', () => {
  it('post: links as a elements, mentions as at elements, no Markdown markers', () => {
    const [m] = composeFeishuPost({ ...FACTS, mentionUserIds: ['ou_abc'] })
    const post = (
      m!.body as { content: { post: { zh_cn: { title: string; content: unknown[][] } } } }
    ).content.post.zh_cn
    expect(post.title).toBe('KubePodCrashLooping')
    // A heading is a bold line; bold spans are bold text; colour tags are gone.
    expect(post.content[0]).toEqual([
      { tag: 'text', text: '🔥 FIRING KubePodCrashLooping', style: ['bold'] },
    ])
    expect(post.content[1]).toEqual([
      { tag: 'text', text: 'Level:', style: ['bold'] },
      { tag: 'text', text: ' Critical' },
    ])
    expect(post.content[3]).toEqual([
      { tag: 'a', text: 'Open source', href: 'https://prometheus.example.com/graph?g0.expr=up' },
    ])
    expect(post.content.at(-2)).toEqual([
      { tag: 'a', text: 'Runbook', href: 'https://runbooks.example.com/crashloop' },
    ])
    expect(post.content.at(-1)).toEqual([{ tag: 'at', user_id: 'ou_abc' }])
  })

  it('card: the level is the header colour, links are buttons, colours are lark_md colours', () => {
    const [m] = composeFeishuCard({ ...FACTS, mentionUserIds: ['all'] })
    const card = (
      m!.body as {
        card: {
          header: unknown
          elements: [{ text: { content: string } }, { actions: Array<{ type: string }> }]
        }
      }
    ).card
    expect(card.header).toEqual({
      title: { tag: 'plain_text', content: 'KubePodCrashLooping' },
      template: 'red',
    })
    const text = card.elements[0].text.content
    expect(text).toContain("**<font color='orange'>🔥 FIRING</font> KubePodCrashLooping**")
    expect(text).toContain("<font color='grey'>team=db</font>")
    expect(text.endsWith('<at id=all></at>')).toBe(true)
    expect(card.elements[1].actions.map((a) => a.type)).toEqual(['primary', 'default'])
    const colour = (level: string, status: 'firing' | 'resolved' = 'firing') =>
      (
        composeFeishuCard({ ...FACTS, level, status })[0]!.body as {
          card: { header: { template: string } }
        }
      ).card.header.template
    expect([
      colour('warning'),
      colour('info'),
      colour('odd'),
      colour('critical', 'resolved'),
    ]).toEqual(['orange', 'blue', 'grey', 'green'])
  })

  it('post: a link inside bold is a bold link; an empty line is an empty paragraph', () => {
    const [m] = composeFeishuPost({
      ...FACTS,
      links: [],
      content: '**See [the runbook](https://runbooks.example.com/x) now**\n\nplain',
    })
    const lines = (m!.body as { content: { post: { zh_cn: { content: unknown[][] } } } }).content
      .post.zh_cn.content
    expect(lines).toEqual([
      [
        { tag: 'text', text: 'See ', style: ['bold'] },
        { tag: 'a', text: 'the runbook', href: 'https://runbooks.example.com/x', style: ['bold'] },
        { tag: 'text', text: ' now', style: ['bold'] },
      ],
      [{ tag: 'text', text: '' }],
      [{ tag: 'text', text: 'plain' }],
    ])
  })

  it('text: mentions as at tags, no colour tags', () => {
    const [m] = composeFeishuText({ ...FACTS, mentionUserIds: ['ou_abc'] })
    const text = (m!.body as { content: { text: string } }).content.text
    expect(text).not.toContain('<font')
    expect(text.endsWith('<at user_id="ou_abc"></at>')).toBe(true)
  })
})

describe('the facts beside the text', () => {
  it('a Grafana alert’s card has its source, dashboard and silence as buttons, in the channel’s language', () => {
    const p = realPayloads().find((x) => x.file === 'grafana13-order-lookup-5xx.json')!
    const alert = finishAlert(parseAlerts(p.body, undefined, { itemsPath: '', fields: {} })[0]!)
    const buttons = (language: 'en' | 'zh') => {
      const c = composeNext([{ alert, repeats: 0 }], {
        type: 'feishu',
        channelFormat: 'interactive',
        format: 'markdown',
        template: defaultTemplate('markdown', language),
        language,
      })
      const card = (
        c.messages[0]!.wire as {
          card: { elements: Array<{ actions?: Array<{ text: { content: string }; url: string }> }> }
        }
      ).card
      return card.elements[1]!.actions!.map((a) => [a.text.content, new URL(a.url).pathname])
    }
    expect(buttons('en').map(([t]) => t)).toEqual(['Open', 'Dashboard', 'Silence'])
    expect(buttons('zh').map(([t]) => t)).toEqual(['打开', '仪表盘', '静默'])
    expect(buttons('en')[1]![1]).toBe(new URL(alert.vars.alarm_dashboard_url!).pathname)
  })
})

describe('digests use the type’s body limit', () => {
  const alerts: Alert[] = realPayloads()
    .filter((p) => p.contentType === 'application/json')
    .flatMap((p) => parseAlerts(p.body, undefined, { itemsPath: '', fields: {} }))
    .map((d) => finishAlert(d))
  const items = alerts.map((alert) => ({ alert, repeats: 0 }))

  it('a DingTalk or Feishu digest carries more than a WeCom one, within 20,000 bytes of body', () => {
    const wecom = composeNext(items, { format: 'markdown', template: defaultTemplate('markdown') })
    expect(wecom.kind).toBe('digest')
    for (const [type, channelFormat] of [
      ['dingtalk', 'markdown'],
      ['feishu', 'post'],
      ['feishu', 'interactive'],
    ] as const) {
      const typed = composeNext(items, {
        type,
        channelFormat,
        format: 'markdown',
        template: defaultTemplate('markdown'),
      })
      const wire = JSON.stringify(typed.messages[0]!.wire)
      expect(typed.count, `${type} ${channelFormat}`).toBeGreaterThan(wecom.count)
      expect(Buffer.byteLength(wire)).toBeGreaterThan(4096)
      expect(Buffer.byteLength(wire)).toBeLessThanOrEqual(20_000)
      // Packed to fit: no alert of the digest is cut.
      expect(typed.truncated).toBe(false)
    }
  })

  it('packs again smaller when JSON escaping makes the body outgrow the limit', () => {
    // Quotes and backslashes double in JSON: content packed to ~19,000 bytes would not fit.
    const quoted = items.slice(0, 40).map((i, n) => ({
      ...i,
      alert: {
        ...i.alert,
        vars: { ...i.alert.vars, alarm_summary: `${n} ${'"\\'.repeat(300)}` },
      },
    }))
    const typed = composeNext(quoted, {
      type: 'feishu',
      channelFormat: 'post',
      format: 'markdown',
      template: defaultTemplate('markdown'),
    })
    expect(typed.count).toBeGreaterThan(1)
    expect(typed.count).toBeLessThan(40)
    expect(typed.truncated).toBe(false)
    expect(Buffer.byteLength(JSON.stringify(typed.messages[0]!.wire))).toBeLessThanOrEqual(20_000)
  })
})
