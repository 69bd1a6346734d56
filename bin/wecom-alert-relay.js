#!/usr/bin/env node
// The command-line entry point: runs the built CLI (dist/cli.js).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = new URL('../dist/cli.js', import.meta.url)
if (!existsSync(cli)) {
  console.error(
    `wecom-alert-relay is not built yet: run \`npm run build\` in ${fileURLToPath(new URL('..', import.meta.url))}, then try again.`,
  )
  process.exit(1)
}
await import(cli.href)
