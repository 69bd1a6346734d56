// `npm test`: every check, each stage's time printed as it ends and all of them at the end (CI's
// log shows where the time goes). Stops at the first failing step. The static checks (typecheck and
// lint, one core each) run side by side, their output printed whole, one after the other.
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'

const STEPS = [
  [
    ['typecheck', 'npm run typecheck'],
    ['lint', 'npm run lint'],
  ],
  [['build', 'npm run build']],
  [['unit and integration', 'npx vitest run']],
  [['browser', 'npx playwright test']],
]

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`

/** Runs one stage; alone, its output streams; beside others, it is kept and printed when it ends. */
function run([name, command], alone) {
  const t = performance.now()
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: alone ? 'inherit' : 'pipe' })
    const out = []
    child.stdout?.on('data', (d) => out.push(d))
    child.stderr?.on('data', (d) => out.push(d))
    child.on('close', (code) => {
      const ms = performance.now() - t
      if (!alone) process.stdout.write(Buffer.concat(out))
      console.log(`test: ${name} ${code === 0 ? 'passed' : 'FAILED'} in ${seconds(ms)}`)
      resolve([name, ms, code === 0])
    })
  })
}

const done = []
const start = performance.now()
let failed
for (const step of STEPS) {
  const results = await Promise.all(step.map((stage) => run(stage, step.length === 1)))
  done.push(...results)
  failed = results.find(([, , ok]) => !ok)?.[0]
  if (failed) break
}
console.log('\ntest: stage times')
for (const [name, ms, ok] of done)
  console.log(`  ${name.padEnd(22)} ${seconds(ms).padStart(9)}${ok ? '' : '  FAILED'}`)
console.log(`  ${'total'.padEnd(22)} ${seconds(performance.now() - start).padStart(9)}`)
if (failed) {
  console.error(`test: stopped at "${failed}"; its output is above.`)
  process.exit(1)
}
