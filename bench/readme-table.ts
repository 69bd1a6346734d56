import type { ScenarioResult } from './lib'

/** The README's summary rows: [label, scenario, figure name]. */
const ROWS: Array<[string, string, string]> = [
  ['Ingest, 1-alert payloads', 'ingest', '1-alert payloads: requests/s'],
  ['Ingest, 1-alert payloads, p99', 'ingest', '1-alert payloads: p99 latency'],
  ['Ingest, 20-alert payloads', 'ingest', '20-alert payloads: alerts/s'],
  ['Ingest, 20-alert payloads, p99', 'ingest', '20-alert payloads: p99 latency'],
  [
    'Storm: 1,000 alerts, one robot at 20/min: time to the last one',
    'storm',
    'time until the last alert reached the robot',
  ],
  ['Storm: messages used', 'storm', 'messages used'],
  ['Storm: 45009 answers', 'storm', 'errcode 45009 answers'],
  ['Storm: alerts lost', 'storm', 'alerts lost'],
  ['Storm: alerts duplicated', 'storm', 'alerts duplicated'],
  ['History of 100,000 alerts: cold start', 'history', 'cold start (read, index)'],
  ['History: memory held by the index', 'history', 'memory held by the index'],
  ['History: filtered query', 'history', 'filtered query (firing, critical, channel; first page)'],
  ['History: text search', 'history', 'text search (again)'],
  ['Template renders', 'template', 'renders/s (pre-parsed, as the engine reuses it)'],
  ['Headless start to `alerts:`', 'startup', 'launch to the alerts: line'],
  ['Idle RSS', 'startup', 'idle RSS'],
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
