import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ingest } from './ingest'
import { machine, ROOT, writeJson, type ScenarioResult } from './lib'

/**
 * `npm run bench [-- scenario …]`: runs the scenarios and writes bench/results/latest.{json,md}.
 * Every figure that has a baseline was measured against it in the same run.
 */
const SCENARIOS: Record<string, () => Promise<ScenarioResult>> = {
  ingest: () => ingest(),
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const names = wanted.length ? wanted : Object.keys(SCENARIOS)
for (const n of names)
  if (!SCENARIOS[n])
    throw new Error(`Unknown scenario "${n}": choose from ${Object.keys(SCENARIOS).join(', ')}.`)

const results: ScenarioResult[] = []
for (const name of names) {
  console.log(`bench: ${name}…`)
  const r = await SCENARIOS[name]!()
  results.push(r)
  for (const f of r.figures)
    console.log(
      `  ${f.name}: ${f.value} ${f.unit}${f.baseline !== undefined ? ` (baseline ${f.baselineName}: ${f.baseline}, ratio ${f.ratio})` : ''}`,
    )
}

const report = { date: new Date().toISOString(), machine: machine(), results }
const dir = join(ROOT, 'bench', 'results')
mkdirSync(dir, { recursive: true })
writeJson(join(dir, 'latest.json'), report)
const md = [
  `# Benchmark results`,
  ``,
  `${report.date} · Node ${report.machine.node} · ${report.machine.os} · ${report.machine.cpu} · ${report.machine.memoryGiB} GiB`,
  ``,
  ...results.flatMap((r) => [
    `## ${r.scenario}: ${r.description}`,
    ``,
    `| figure | value | baseline | ratio |`,
    `|---|---|---|---|`,
    ...r.figures.map(
      (f) =>
        `| ${f.name} | ${f.value} ${f.unit} | ${f.baseline !== undefined ? `${f.baseline} ${f.unit} (${f.baselineName})` : '–'} | ${f.ratio ?? '–'} |`,
    ),
    ``,
    ...r.notes.map((n) => `- ${n}`),
    ``,
  ]),
]
writeFileSync(join(dir, 'latest.md'), md.join('\n'))
console.log(`bench: wrote ${join('bench', 'results', 'latest.md')}`)
