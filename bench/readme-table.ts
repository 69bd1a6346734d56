import type { ScenarioResult } from './lib'

/** The README's summary rows: [label, scenario, figure name]. */
const ROWS: Array<[string, string, string]> = [
  ['Ingest, 1-alert payloads', 'ingest', '1-alert payloads: requests/s'],
  ['Ingest, 1-alert payloads, p99', 'ingest', '1-alert payloads: p99 latency'],
  ['Ingest, 20-alert payloads', 'ingest', '20-alert payloads: alerts/s'],
  ['Ingest, 20-alert payloads, p99', 'ingest', '20-alert payloads: p99 latency'],
  [
    'Ingest, 1-alert payloads, 64 connections',
    'ingest',
    '1-alert payloads, 64 connections: requests/s',
  ],
  [
    'Ingest, 20-alert payloads, 64 connections',
    'ingest',
    '20-alert payloads, 64 connections: alerts/s',
  ],
  ['End to end, POST to the robot, p50', 'latency', 'POST to the robot: p50'],
  ['End to end, POST to the robot, p99', 'latency', 'POST to the robot: p99'],
  [
    'Storm: 1,000 alerts across 40 names, one robot at 20/min: every alert named or counted',
    'storm',
    'time until every alert is accounted for (named or counted in a summary)',
  ],
  [
    'Storm: time to the last per-alert block',
    'storm',
    'time until the last per-alert block reached the robot',
  ],
  ['Storm: messages used', 'storm', 'messages used'],
  ['Storm: 45009 answers', 'storm', 'errcode 45009 answers'],
  ['Storm: alerts lost', 'storm', 'alerts lost'],
  ['Storm: alerts duplicated', 'storm', 'alerts duplicated'],
  [
    'Burst of 300 over 3 s, one channel: last post to the complete summary',
    'storm-burst',
    'one channel: last post to the summary stating the total and all 12 names',
  ],
  ['Burst, one channel: messages before it', 'storm-burst', 'one channel: messages before it'],
  [
    'Burst, one channel: pings in the first minute',
    'storm-burst',
    'one channel: pings in the first minute',
  ],
  ['Burst, one channel: 45009 answers', 'storm-burst', 'one channel: 45009 answers'],
  [
    'Burst, one channel: messages in the first minute',
    'storm-burst',
    'one channel: messages in the first minute',
  ],
  [
    'Burst, two channels on one robot: last post to the critical alerts named',
    'storm-burst',
    'two channels on one robot: last post to the first message naming every critical alert',
  ],
  [
    'Burst, two channels on one robot: 45009 answers',
    'storm-burst',
    'two channels on one robot: 45009 answers',
  ],
  [
    'Burst, two channels on one robot: messages in the first minute',
    'storm-burst',
    'two channels on one robot: messages in the first minute',
  ],
  [
    'Lone alert with the gather window, p50',
    'storm-burst',
    'lone alert, gather window on (1.5 s): p50',
  ],
  [
    'Lone alert with the gather window, p99',
    'storm-burst',
    'lone alert, gather window on (1.5 s): p99',
  ],
  ['History of 100,000 alerts: cold start', 'history', 'cold start'],
  ['History: one-time import from JSON Lines', 'history', 'one-time import from JSON Lines'],
  ['History: JavaScript heap held by the store', 'history', 'JavaScript heap held by the store'],
  ['History: process RSS after start', 'history', 'process RSS after start'],
  ['History: first page', 'history', "History's first page (200 rows)"],
  ['History: filtered query', 'history', 'filtered query (firing, critical, channel; first page)'],
  ['History: text search', 'history', 'text search (again)'],
  ['History: detail of one alert', 'history', 'detail of one alert'],
  ['History of 1,000,000 alerts: cold start', 'history', '1,000,000 alerts: cold start'],
  [
    'History of 1,000,000 alerts: RSS after start',
    'history',
    '1,000,000 alerts: process RSS after start',
  ],
  ['Start, 1,000,000 alerts of history (vs empty)', 'scale', '1,000,000 alerts of history: start'],
  ['RSS, 1,000,000 alerts of history (vs empty)', 'scale', '1,000,000 alerts of history: RSS'],
  ['Start, 100,000 alerts of history (vs empty)', 'scale', '100,000 alerts of history: start'],
  ['RSS, 100,000 alerts of history (vs empty)', 'scale', '100,000 alerts of history: RSS'],
  ['Start, 100,000 alerts firing (vs empty)', 'scale', '100,000 alerts firing: start'],
  ['RSS, 100,000 alerts firing (vs empty)', 'scale', '100,000 alerts firing: RSS'],
  [
    'Start, 100,000 alerts firing: outbox queued again',
    'scale',
    '100,000 alerts firing: outbox queued again',
  ],
  ["1,000,000 alerts: History's first page", 'scale', "1,000,000: History's first page"],
  [
    '1,000,000 alerts: filtered first page',
    'scale',
    '1,000,000: filtered first page (firing, critical, channel)',
  ],
  ['1,000,000 alerts: text search "db-4242"', 'scale', '1,000,000: text search "db-4242"'],
  [
    '1,000,000 alerts: text search "filling up 77"',
    'scale',
    '1,000,000: text search "filling up 77"',
  ],
  [
    'History of 50,000 alerts scrolled in Chromium',
    'history-scroll',
    'history-scroll: frames per second',
  ],
  [
    'Now with 5,000 firing alerts in 200 names: usable after the click, p50',
    'now',
    'Now usable after the click, p50',
  ],
  ['Template renders', 'template', 'renders/s (pre-parsed, as the engine reuses it)'],
  ['Headless start to `alerts:`', 'startup', 'launch to the alerts: line'],
  ['Idle RSS (headless, left alone)', 'idle', 'idle RSS'],
  ['Idle CPU', 'idle', 'idle CPU'],
  ['RSS after 100,000 alerts', 'startup', 'RSS after 100,000 alerts'],
  ['10 random SIGKILLs mid-storm: acknowledged alerts lost', 'crash', 'acknowledged alerts lost'],
  ['…messages repeated (at most one per kill)', 'crash', 'messages repeated after a kill'],
]

export const START = '<!-- bench:start -->'
export const END = '<!-- bench:end -->'

/** The summary table, from whatever scenarios have results. */
export function readmeTable(
  results: ScenarioResult[],
  machine: Record<string, string | number>,
): string {
  const rows = ROWS.flatMap(([label, scenario, name]) => {
    const f = results.find((r) => r.scenario === scenario)?.figures.find((x) => x.name === name)
    if (!f) return []
    const base = f.baseline !== undefined ? `${f.baseline} ${f.unit} (${f.baselineName})` : '–'
    return [`| ${label} | ${f.value} ${f.unit} | ${base} | ${f.ratio ?? '–'} |`]
  })
  return [
    `Latest run (${machine.cpu}, Node ${machine.node}):`,
    '',
    '| scenario | relay | baseline (same run) | ratio |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n')
}

/** Replaces what stands between the markers in the README. */
export function updateReadme(readme: string, table: string): string {
  const i = readme.indexOf(START)
  const j = readme.indexOf(END)
  if (i === -1 || j === -1) return readme
  return `${readme.slice(0, i + START.length)}\n\n${table}\n\n${readme.slice(j)}`
}
