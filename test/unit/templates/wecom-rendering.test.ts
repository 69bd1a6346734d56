import { describe, expect, it } from 'vitest'
import { renderFeed } from '../../../electron/core/simulator/page'
import { renderWeComHtml } from '../../../electron/core/templates/wecom-markdown'

describe('the WeCom renderer shows what a phone shows', () => {
  it('keeps backslashes and entities in Markdown v1 and text, as WeCom does', () => {
    const content = '\\[故障\\] instance-name-\\*\\*\\*\\* &lt;no value&gt;'
    for (const format of ['markdown', 'text'] as const) {
      const html = renderWeComHtml(content, format)
      expect(html).toContain('\\[故障\\]')
      expect(html).toContain('\\*\\*\\*\\*')
      expect(html).toContain('&amp;lt;no value&amp;gt;')
    }
  })

  it("the simulator's chat page renders through it", () => {
    const html = renderFeed([
      {
        seq: 1,
        key: 'k',
        receivedAt: new Date(0).toISOString(),
        msgtype: 'markdown',
        content: '### ✅ RESOLVED Disk\n\\[故障\\] &lt;x&gt; <@zhangsan>',
        mentionedMobiles: [],
      },
    ])
    expect(html).toContain('<h3>✅ RESOLVED Disk</h3>')
    expect(html).toContain('\\[故障\\] &amp;lt;x&amp;gt;')
    expect(html).toContain('<span class="wc-mention">@zhangsan</span>')
  })
})
