import { performance } from 'node:perf_hooks'
import { finishAlert } from '../electron/core/alerts/model'
import { parseAlerts } from '../electron/core/alerts/sources'
import { DEFAULT_MARKDOWN_EN } from '../electron/core/templates/defaults'
import { parseTemplate } from '../electron/core/templates/parse'
import { renderTemplate } from '../electron/core/templates/render'
import { SAMPLES } from '../electron/core/templates/samples'
import { figure, type ScenarioResult } from './lib'

function rate(fn: () => unknown, ms = 1500): number {
  for (let i = 0; i < 2000; i++) fn() // warm up
  let n = 0
  const end = performance.now() + ms
  while (performance.now() < end) {
    for (let i = 0; i < 500; i++) fn()
    n += 500
  }
  return n / (ms / 1000)
}

/** Renders per second of the seed's default template, against a naive replace() in the same run. */
export async function template(): Promise<ScenarioResult> {
  const alert = finishAlert(
    parseAlerts(SAMPLES[0]!.payload, undefined, { itemsPath: '', fields: {} })[0]!,
  )
  const ctx = { vars: alert.vars, labels: alert.labels, annotations: alert.annotations }
  const parsed = parseTemplate(DEFAULT_MARKDOWN_EN)
  const naive = () =>
    DEFAULT_MARKDOWN_EN.replace(/\$\{(\w+)\}/g, (_m, k: string) => alert.vars[k] ?? '')
  const baseline = rate(naive)
  return {
    scenario: 'template',
    description: "the seed's default Markdown template, rendered for an Alertmanager alert",
    figures: [
      figure(
        'renders/s (parse + render + escape)',
        rate(() => renderTemplate(DEFAULT_MARKDOWN_EN, ctx, 'markdown')),
        'renders/s',
        { value: baseline, name: 'naive replace(), no escaping' },
      ),
      figure(
        'renders/s (pre-parsed, as the engine reuses it)',
        rate(() => renderTemplate(parsed, ctx, 'markdown')),
        'renders/s',
        { value: baseline, name: 'naive replace(), no escaping' },
      ),
    ],
    notes: [
      'The naive baseline neither escapes values (so alert text could break the Markdown) nor handles fallbacks or malformed ${.',
    ],
  }
}
