import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useRelayQuery } from '../../use-relay-query'
import type { HistoryQuery } from '../../../../electron/core/history/query'
import { axisLabels, zoomedRange } from './history-model'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend)

const SERIES = ['delivered', 'pending', 'failed', 'other'] as const
type Series = (typeof SERIES)[number]
const COLOURS: Record<Series, string> = {
  delivered: '#07c160',
  failed: '#fa5151',
  pending: '#3b7cf5',
  other: '#b0b0b0',
}

/** Alerts per interval by outcome, with the same numbers as a table for screen readers. */
export function HistoryChart({ query }: { query: Omit<HistoryQuery, 'limit' | 'offset'> }) {
  const { t } = useTranslation()
  const canvas = useRef<HTMLCanvasElement>(null)
  const chart = useRef<Chart | undefined>(undefined)
  // The same filters as the list: the bars count what the list shows. When the alerts fill only a
  // few of the range's bars, the bars are drawn again, narrower, over the part that holds them.
  const data = useRelayQuery(
    async (a) => {
      let chart = await a.historyChart({ buckets: 48, ...query })
      // Twice at most: 30-minute bars, then minutes, then seconds for a burst within a minute.
      for (let i = 0; i < 2; i++) {
        const zoom = zoomedRange(chart.buckets)
        if (!zoom) break
        chart = await a.historyChart({ ...query, ...zoom })
      }
      return chart
    },
    [JSON.stringify(query)],
    (e) => e.type === 'alert.received' || e.type === 'delivery',
  )
  const buckets = data.data?.buckets ?? []
  const labels = axisLabels(buckets.map((b) => b.start))
  const name = (k: Series) => (k === 'other' ? t('history.otherStates') : t(`states.${k}`))

  useEffect(() => {
    if (!canvas.current || !data.data) return
    const datasets = SERIES.map((k) => ({
      label: k === 'other' ? t('history.otherStates') : t(`states.${k}`),
      data: data.data!.buckets.map((b) => b[k]),
      backgroundColor: COLOURS[k],
      stack: 'alerts',
    }))
    const l = axisLabels(data.data.buckets.map((b) => b.start))
    if (chart.current) {
      chart.current.data.labels = l
      chart.current.data.datasets = datasets
      chart.current.update('none')
    } else {
      chart.current = new Chart(canvas.current, {
        type: 'bar',
        data: { labels: l, datasets },
        options: {
          animation: false,
          maintainAspectRatio: false,
          plugins: { legend: { position: 'bottom', labels: { boxWidth: 10 } } },
          scales: {
            x: { stacked: true, ticks: { maxTicksLimit: 12 } },
            y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          },
        },
      })
    }
    // `t` changes with the language, so the legend is redrawn in the new one.
  }, [data.data, t])
  useEffect(() => () => chart.current?.destroy(), [])
  const nonEmpty = buckets
    .map((b, i) => ({ ...b, label: labels[i]! }))
    .filter((b) => b.delivered + b.pending + b.failed + b.other > 0)
  return (
    <figure className="chart" aria-labelledby="chart-caption">
      <figcaption id="chart-caption">{t('history.chart')}</figcaption>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={t('history.chartAlt')} />
      </div>
      <details className="chart-table">
        <summary>{t('history.chartTable')}</summary>
        {nonEmpty.length === 0 ? (
          <p className="help">{t('history.chartEmpty')}</p>
        ) : (
          <table className="table compact">
            <caption className="sr-only">{t('history.chart')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.interval')}</th>
                {SERIES.map((k) => (
                  <th scope="col" key={k}>
                    {name(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {nonEmpty.map((b) => (
                <tr key={b.start}>
                  <th scope="row">{b.label}</th>
                  {SERIES.map((k) => (
                    <td key={k}>{b[k]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </figure>
  )
}
