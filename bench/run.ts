import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { format, resolveConfig } from 'prettier'
import { join } from 'node:path'
import { ingest } from './ingest'
import { crash } from './crash'
import { guard } from './guard'
import { history } from './history'
import { historyScroll } from './history-scroll'
import { idle } from './idle'
import { latency } from './latency'
import { scale } from './scale'
import { startup } from './startup'
import { storm } from './storm'
import { stormBurst } from './storm-burst'
import { template } from './template'
import { machine, ROOT, writeJson, type ScenarioResult } from './lib'
import { readmeTable, updateReadme } from './readme-table'

/**
 * `npm run bench [-- scenario …]`: runs the scenarios and writes bench/results/latest.{json,md}.
 * Every figure that has a baseline was measured against it in the same run.
 */
const SCENARIOS: Record<string, () => Promise<ScenarioResult>> = {
  ingest: () => ingest(),
  storm: () => storm(),
  'storm-burst': () => stormBurst(),
  history: () => history(100_000, process.argv.includes('--million') ? 1_000_000 : 0),
  'history-scroll': () => historyScroll(),
  latency: () => latency(),
  idle: () => idle(),
  template: () => template(),
  startup: () => startup(),
  crash: () => crash(),
  // `--firing-only`: the empty and the 100,000-firing starts alone (the million-alert history takes
  // minutes to build); `--history-only`: the empty start and the 1,000,000-alert history alone.
  // Either keeps the figures it did not measure from the last run (see `keepUnmeasured`).
  scale: () =>
    process.argv.includes('--firing-only')
      ? scale(0, 0)
      : process.argv.includes('--history-only')
        ? scale(1_000_000, 0, 0)
        : scale(),
  'first-page': () => import('./first-page').then((m) => m.firstPage()),
  now: () => import('./now').then((m) => m.now()),
  guard: () => guard(),
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const names = wanted.length ? wanted : Object.keys(SCENARIOS)
for (const n of names)
  if (!SCENARIOS[n])
    throw new Error(`Unknown scenario "${n}": choose from ${Object.keys(SCENARIOS).join(', ')}.`)

/**
 * A scenario run in part (`scale --firing-only`, `--history-only`) keeps the last run's figures it
 * did not measure, each saying when it was measured.
 */
function keepUnmeasured(r: ScenarioResult, previous: ScenarioResult[]): ScenarioResult {
  if (!process.argv.some((a) => a.endsWith('-only'))) return r
  const before = previous.find((p) => p.scenario === r.scenario)
  if (!before) return r
  const now = new Map(r.figures.map((f) => [f.name, f]))
  // In the last run's order, each figure measured now replacing its old value.
  const figures = before.figures.map((f) => {
    const fresh = now.get(f.name)
    now.delete(f.name)
    if (fresh) return fresh
    if (f.note?.includes('measured ')) return f
    return {
      ...f,
      note: [f.note, `measured ${before.date ?? 'before'}`].filter(Boolean).join('; '),
    }
  })
  return { ...r, figures: [...figures, ...now.values()] }
}

const results: ScenarioResult[] = []
for (const name of names) {
  console.log(`bench: ${name}…`)
  const r = { ...(await SCENARIOS[name]!()), date: new Date().toISOString() }
  results.push(r)
  for (const f of r.figures)
    console.log(
      `  ${f.name}: ${f.value} ${f.unit}${f.baseline !== undefined ? ` (baseline ${f.baselineName}: ${f.baseline}, ratio ${f.ratio})` : ''}${f.note ? ` [${f.note}]` : ''}`,
    )
}

const dir = join(ROOT, 'bench', 'results')
mkdirSync(dir, { recursive: true })
// Running some scenarios keeps the others' last figures (each scenario carries its own date).
const previous: ScenarioResult[] = existsSync(join(dir, 'latest.json'))
  ? (JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')) as { results: ScenarioResult[] })
      .results
  : []
const merged = Object.keys(SCENARIOS).flatMap((name) =>
  results
    .filter((r) => r.scenario === name)
    .map((r) => keepUnmeasured(r, previous))
    .concat(
      results.some((r) => r.scenario === name) ? [] : previous.filter((p) => p.scenario === name),
    ),
)
const report = { date: new Date().toISOString(), machine: machine(), results: merged }
writeJson(join(dir, 'latest.json'), report)
const md = [
  `# Benchmark results`,
  ``,
  `${report.date} · Node ${report.machine.node} · ${report.machine.os} · ${report.machine.cpu} · ${report.machine.memoryGiB} GiB`,
  ``,
  ...merged.flatMap((r) => [
    `## ${r.scenario}: ${r.description}`,
    ``,
    `Measured ${r.date ?? report.date}.`,
    ``,
    `| figure | value | baseline | ratio | target, note |`,
    `|---|---|---|---|---|`,
    ...r.figures.map(
      (f) =>
        `| ${f.name} | ${f.value} ${f.unit} | ${f.baseline !== undefined ? `${f.baseline} ${f.unit} (${f.baselineName})` : '–'} | ${f.ratio ?? '–'} | ${f.note ?? ''} |`,
    ),
    ``,
    ...r.notes.map((n) => `- ${n}`),
    ``,
  ]),
]
// Formatted as `npm run lint` wants it, so a bench run leaves the tree clean.
const markdown = async (text: string) =>
  format(text, { ...(await resolveConfig(join(ROOT, 'README.md'))), parser: 'markdown' })
writeFileSync(join(dir, 'latest.md'), await markdown(md.join('\n')))
const readmePath = join(ROOT, 'README.md')
writeFileSync(
  readmePath,
  await markdown(
    updateReadme(readFileSync(readmePath, 'utf8'), readmeTable(merged, report.machine)),
  ),
)
console.log(`bench: wrote ${join('bench', 'results', 'latest.md')} and the README's table`)
