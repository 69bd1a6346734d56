import { describe, expect, it } from 'vitest'
import { LEVEL_ORDER } from '../../../electron/core/alerts/levels'
import { finishAlert } from '../../../electron/core/alerts/model'
import { parseAlerts } from '../../../electron/core/alerts/sources'
import { composeNext } from '../../../electron/core/messages/compose'
import { wordsFor } from '../../../electron/core/messages/words'
import { defaultTemplate } from '../../../electron/core/templates/defaults'
import { realPayloads } from '../../fixtures/real/load'

interface Card {
  card: {
    header: { template: string }
    elements: Array<{ tag: string; text?: { content: string } }>
  }
}

/**
 * The real crash-loop alert (`am-k8s-crashloop-pod-critical.json`, Alertmanager) at `level`, as
 * a sender would word it in its `severity` label, firing or resolved.
 */
function alertAt(level: string, status: 'firing' | 'resolved') {
  const real = realPayloads().find((p) => p.file === 'am-k8s-crashloop-pod-critical.json')!
  const body = structuredClone(real.body) as { alerts: Array<Record<string, unknown>> }
  const a = body.alerts[0]!
  a.labels = { ...(a.labels as Record<string, string>), severity: level }
  a.status = status
  if (status === 'resolved') a.endsAt = '2026-11-28T10:00:00Z'
  return finishAlert(parseAlerts(body, undefined, { itemsPath: '', fields: {} })[0]!)
}

describe('the Feishu card: the level word in the colour of the header', () => {
  for (const language of ['en', 'zh'] as const)
    for (const status of ['firing', 'resolved'] as const)
      it(`${language}, ${status}: every level's word is the header's colour`, () => {
        const seen = new Set<string>()
        for (const level of LEVEL_ORDER) {
          const alert = alertAt(level, status)
          const c = composeNext([{ alert, repeats: 0 }], {
            type: 'feishu',
            channelFormat: 'interactive',
            format: 'markdown',
            template: defaultTemplate('markdown', language),
            language,
          })
          const card = (c.messages[0]!.wire as Card).card
          const body = card.elements.find((e) => e.tag === 'div')!.text!.content
          const word = wordsFor(language).levels[level]!
          const font = new RegExp(`<font color='(\\w+)'>${word}</font>`).exec(body)
          expect(font, `${level}: ${body}`).not.toBeNull()
          expect(font![1], level).toBe(card.header.template)
          seen.add(card.header.template)
          // History and the studio show the content as WeCom Markdown: WeCom's colours only.
          for (const m of c.content.matchAll(/<font color="(\w+)">/g))
            expect(['info', 'comment', 'warning']).toContain(m[1])
        }
        // Firing, each level has a colour of its own; resolved, all are green.
        expect(seen.size).toBe(status === 'firing' ? LEVEL_ORDER.length : 1)
      })
})
