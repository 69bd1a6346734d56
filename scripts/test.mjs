// `npm test`: every check, one stage after another, each stage's time printed as it ends and
// all of them at the end (CI's log shows where the time goes). Stops at the first failing stage.
import { spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'

const STAGES = [
  ['typecheck', 'npm run typecheck'],
  ['lint', 'npm run lint'],
  ['build', 'npm run build'],
  ['unit and integration', 'npx vitest run'],
  ['browser', 'npx playwright test'],
]

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`
const done = []
const start = performance.now()
let failed
for (const [name, command] of STAGES) {
  const t = performance.now()
  const r = spawnSync(command, { stdio: 'inherit', shell: true })
  const ms = performance.now() - t
  done.push([name, ms, r.status === 0])
  console.log(`test: ${name} ${r.status === 0 ? 'passed' : 'FAILED'} in ${seconds(ms)}`)
  if (r.status !== 0) {
    failed = name
    break
  }
}
console.log('\ntest: stage times')
for (const [name, ms, ok] of done)
  console.log(`  ${name.padEnd(22)} ${seconds(ms).padStart(9)}${ok ? '' : '  FAILED'}`)
console.log(`  ${'total'.padEnd(22)} ${seconds(performance.now() - start).padStart(9)}`)
if (failed) {
  console.error(`test: stopped at "${failed}"; its output is above.`)
  process.exit(1)
}
