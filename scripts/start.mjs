// `npm start`: the tray app where Electron's binary is installed, headless mode where it is not.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { electronBinary as findElectron } from './electron-binary.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const extra = process.argv.slice(2)
const electronBinary = findElectron()

const [command, args] = electronBinary
  ? [electronBinary, [root, ...extra]]
  : (console.log(
      "Electron's binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD or no download access): starting headless instead; open the ui: address below in a browser.",
    ),
    [process.execPath, [`${root}bin/wecom-alert-relay.js`, 'serve', ...extra]])

const child = spawn(command, args, { stdio: 'inherit' })

// Stop signals go to the relay, which stops cleanly; if it has not exited 20 s later, it is killed
// so that its ports are never left held.
let killTimer
function stop(signal) {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill(signal)
  killTimer ??= setTimeout(() => child.kill('SIGKILL'), 20_000)
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal))

// `npm start` runs this under `sh -c "npm run build && node scripts/start.mjs"`. npm forwards its
// SIGTERM to that shell, which dies without passing it on: an orphan here means "stop".
const parent = process.ppid
const orphanCheck = setInterval(() => {
  if (process.ppid !== parent) stop('SIGTERM')
}, 500)

child.on('exit', (code, signal) => {
  clearInterval(orphanCheck)
  clearTimeout(killTimer)
  process.exit(signal ? 1 : (code ?? 0))
})
