import { english } from '../../../electron/core/text/core-text'
import { saying } from '../../helpers/said'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  DEFAULT_MARKDOWN_EN,
  defaultTemplate,
  ocpTemplate,
} from '../../../electron/core/templates/defaults'
import { lintTemplate } from '../../../electron/core/templates/lint'
import { renderTemplate } from '../../../electron/core/templates/render'
import { renderWeComHtml } from '../../../electron/core/templates/wecom-markdown'

const ctx = {
  vars: {
    alarm_name: 'DiskFull',
    alarm_level: 'critical',
    alarm_target: 'db-1:9100',
    alarm_summary: 'Disk almost full',
    alarm_active_at: '2026-11-27 08:00:00',
    alarm_description: '/data is 97% full',
    alarm_url: 'http://prometheus:9090/graph?g0.expr=up&g0.tab=1',
  },
  labels: { pod: 'api-7f9c', team: 'storage' },
  annotations: { runbook_url: 'https://runbooks/disk' },
}

describe('renderTemplate', () => {
  it("renders the seed's default template with every variable filled", () => {
    expect(renderTemplate(DEFAULT_MARKDOWN_EN, ctx, 'markdown'))
      .toBe(`### OCP alert notification DiskFull
- Level: critical
- Alert object: db-1:9100
- Summary: Disk almost full
- Generation time: 2026-11-27 08:00:00
- Description: /data is 97% full
- OCP link: http://prometheus:9090/graph?g0.expr=up&g0.tab=1`)
  })

  it('reaches labels and annotations by name', () => {
    expect(
      renderTemplate('${labels.pod} ${annotations.runbook_url} ${labels.missing}', ctx, 'text'),
    ).toBe('api-7f9c https://runbooks/disk ')
  })

  it('uses the fallback for a missing or empty variable, else an empty string', () => {
    const c = { vars: { alarm_name: '', value: 0 } }
    expect(
      renderTemplate(
        '[${alarm_level:-unknown}] ${alarm_name:-no name} ${alarm_target} v=${value}',
        c,
        'text',
      ),
    ).toBe('[unknown] no name  v=0')
  })

  it('keeps a malformed ${ as written instead of dropping the message', () => {
    expect(renderTemplate('Alert ${alarm_name and ${} done', ctx, 'text')).toBe(
      'Alert ${alarm_name and ${} done',
    )
    expect(renderTemplate('cost $${alarm_name}', ctx, 'text')).toBe('cost ${alarm_name}')
  })

  it('shows Markdown syntax inside alert values as text', () => {
    const hostile = {
      vars: {
        alarm_name: '# Fake heading',
        alarm_summary:
          '> quote <font color="warning">red</font> **bold** [x](http://evil)\n# second',
        alarm_target: '<@zhangsan>',
      },
    }
    const md = renderTemplate(
      '### ${alarm_name}\n- ${alarm_summary}\n- ${alarm_target}',
      hostile,
      'markdown',
    )
    const html = renderWeComHtml(md, 'markdown')
    expect(html).not.toContain('<h1>')
    expect(html).not.toContain('wc-font')
    expect(html).not.toContain('wc-mention')
    expect(html).not.toContain('<strong>')
    expect(html).not.toContain('<a ')
    expect(html).not.toContain('<blockquote>')
    // Neutralised with look-alikes, never with an escape character WeCom would show.
    expect(html).toContain('＃ Fake heading')
    expect(html).toContain('＜font color=&quot;warning&quot;&gt;red＜/font&gt;')
    expect(md).not.toMatch(/\\|&lt;|&gt;/)
  })

  it('never lets a value change the structure around it (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (value) => {
        const html = renderWeComHtml(
          renderTemplate(
            '### Title\n- Value: ${alarm_summary}',
            { vars: { alarm_summary: value } },
            'markdown',
          ),
          'markdown',
        )
        // Only the template's own heading, and no markup from the value.
        expect(html.match(/<h\d>/g)?.length).toBe(1)
        expect(html).not.toMatch(/<(a|strong|blockquote|code)\b|wc-font|wc-mention|<script/)
      }),
      // `__x__` is bold too: found by this property, kept as a fixed example.
      { numRuns: 300, examples: [['__!__'], ['**x**'], ['<@all>'], ['# h'], ['[a](http://b)']] },
    )
  })

  it('leaves values untouched in text messages', () => {
    expect(
      renderTemplate('${alarm_summary}', { vars: { alarm_summary: '**a** <b>' } }, 'text'),
    ).toBe('**a** <b>')
  })

  it('keeps URL values usable inside Markdown links, and link text from hijacking the link', () => {
    expect(
      renderTemplate(
        '[open](${alarm_url})',
        { vars: { alarm_url: 'http://grafana/d/x?var-host=db_1&q=(a)' } },
        'markdown',
      ),
    ).toBe('[open](http://grafana/d/x?var-host=db_1&q=%28a%29)')
    const html = renderWeComHtml(
      renderTemplate(
        '[${alarm_name}](http://ocp/alert/1)',
        { vars: { alarm_name: 'x](http://evil/' } },
        'markdown',
      ),
      'markdown',
    )
    expect(html).toContain('href="http://ocp/alert/1"')
    expect(html).not.toContain('href="http://evil')
  })

  it('offers a default per format and language', () => {
    expect(ocpTemplate('markdown')).toBe(DEFAULT_MARKDOWN_EN)
    expect(defaultTemplate('markdown')).toContain('${alarm_status_title}')
    expect(defaultTemplate('markdown', 'zh')).toContain('级别')
    expect(defaultTemplate('text')).not.toContain('###')
  })
})

describe('lintTemplate', () => {
  it('reports malformed ${ with line and column', () => {
    const issues = lintTemplate('line one\n- Level: ${alarm_level\n- ok ${}')
    expect(issues).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 2,
        column: 10,
        message: saying(expect.stringContaining('never closed')),
      }),
      expect.objectContaining({
        severity: 'error',
        line: 3,
        column: 6,
        message: saying(expect.stringContaining('no variable name')),
      }),
    ])
  })

  it('warns about unknown variables and suggests the likely one', () => {
    const [issue] = lintTemplate('x ${alarm_levle} y')
    expect(issue).toMatchObject({ severity: 'warning', start: 2, end: 16, line: 1, column: 3 })
    expect(english(issue!.message)).toContain('Did you mean ${alarm_level}?')
  })

  it('accepts every known variable, labels and annotations', () => {
    expect(lintTemplate(DEFAULT_MARKDOWN_EN)).toEqual([])
    expect(
      lintTemplate('${labels.anything} ${annotations.runbook_url} ${ob_tenant:-none}'),
    ).toEqual([])
  })

  it('flags a fallback written without the dash, an empty template, and colours the format cannot show', () => {
    expect(english(lintTemplate('${alarm_name:none}')[0]!.message)).toContain(':-')
    expect(english(lintTemplate('   ')[0]!.message)).toContain('44004')
    expect(
      english(lintTemplate('<font color="info">x</font>', 'markdown_v2')[0]!.message),
    ).toContain('do not show <font> colours')
    expect(lintTemplate('<font color="info">x</font>', 'markdown')).toEqual([])
  })
})

describe('renderWeComHtml', () => {
  it("renders WeCom's Markdown v1 subset: headings, bold, links, code, quotes, colours, mentions", () => {
    const html = renderWeComHtml(
      '### Title\n**bold** `code` [link](https://example.com)\n> quote\n<font color="warning">hot</font> <@zhangsan>\n*not italic*\n- not a list',
      'markdown',
    )
    expect(html).toContain('<h3>Title</h3>')
    expect(html).toContain('<strong>bold</strong>')
    expect(html).toContain('<code>code</code>')
    expect(html).toContain(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer">link</a>',
    )
    expect(html).toContain('<blockquote>')
    expect(html).toContain('<span class="wc-font wc-warning">hot</span>')
    expect(html).toContain('<span class="wc-mention">@zhangsan</span>')
    expect(html).toContain('*not italic*')
    expect(html).not.toContain('<li>')
  })

  it('renders v2 lists and tables but not colours, and never loads a remote image', () => {
    const html = renderWeComHtml(
      '- a\n- b\n\n| x | y |\n| - | - |\n| 1 | 2 |\n\n<font color="info">x</font>\n![chart](http://tracker/x.png)',
      'markdown_v2',
    )
    expect(html).toContain('<li>a</li>')
    expect(html).toContain('<table>')
    expect(html).not.toContain('wc-font')
    expect(html).not.toContain('<img')
    expect(html).toContain('wc-image')
  })

  it('keeps script and event handlers inert in every format', () => {
    for (const format of ['text', 'markdown', 'markdown_v2'] as const) {
      const html = renderWeComHtml(
        '<script>alert(1)</script><img src=x onerror=alert(1)>[x](javascript:alert(1))',
        format,
      )
      expect(html).not.toMatch(/<script|<img|href="javascript/i)
    }
  })
})

describe('optional lines', () => {
  it('drops a line whose variables are all empty, keeps lines without variables or with a value', () => {
    const t =
      '### ${alarm_name}\n- Summary: ${alarm_summary}\n- Fixed line\n- Level: ${alarm_level:-unknown}\n- ${alarm_target} ${alarm_summary}'
    expect(
      renderTemplate(t, { vars: { alarm_name: 'Disk', alarm_target: 'db-1' } }, 'markdown'),
    ).toBe('### Disk\n- Fixed line\n- Level: unknown\n- db-1 ')
  })
  it('warns when a template would drop every line', () => {
    expect(english(lintTemplate('${alarm_summary}\n${alarm_target}').at(-1)!.message)).toContain(
      'renders nothing',
    )
    expect(
      lintTemplate(defaultTemplate('markdown')).filter((i) =>
        /renders nothing/.test(i.message.text),
      ),
    ).toEqual([])
  })
})
