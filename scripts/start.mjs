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
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
