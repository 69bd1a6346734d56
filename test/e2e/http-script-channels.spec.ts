/// <reference lib="dom" />
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { ROOT } from '../../bench/lib'
import { serveArgs } from '../helpers/cli'
import { expect, test } from './fixtures'
import { fill, LANGUAGES, open } from './helpers'

// The window is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

const { en } = LANGUAGES

/**
 * HTTP and script channels made in the window deliver a real alert: the HTTP one to a loopback
 * server this test runs, the script one by running a real program that writes a file.
 */

/** A loopback HTTP server that records each request and answers like an ITSM API. */
async function startHook() {
  const received: Array<{ method: string; url: string; type: string; body: string }> = []
  const server = createServer((req: IncomingMessage, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      received.push({
        method: req.method!,
        url: req.url!,
        type: req.headers['content-type'] ?? '',
        body,
      })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code: 0, msg: 'created', ticket: 'INC-1' }))
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

/** The alert as curl would post it to the listener, addressed to one channel. */
async function curlAlert(alerts: string, channel: string, title: string) {
  const res = await fetch(`${alerts}?channel=${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, severity: 'critical', host: 'db-1', message: '/data 97%' }),
  })
  expect(res.status).toBe(202)
}

/**
 * History says the alert was delivered on `channel` (the row names the channel), and the alert's
 * attempts show the outcome on that channel; returns that attempt's row.
 */
async function expectDelivered(page: Page, title: string, channel: string) {
  await page.goto(new URL('#/history', page.url()).toString())
  const row = page
    .getByRole('table', { name: en.history.tableLabel })
    .getByRole('row')
    .filter({ hasText: title })
  await expect(row).toHaveAttribute('aria-label', new RegExp(`${channel} ${en.states.delivered}`))
  await row.click()
  const attempt = page
    .getByRole('table', { name: en.history.attempts })
    .getByRole('row')
    .filter({ hasText: channel })
  await expect(attempt).toHaveCount(1)
  await expect(attempt).toContainText(`✔ ${en.states.delivered}`)
  return attempt
}

test('an HTTP channel made in the window posts its body template and passes JSON verification', async ({
  page,
  relay,
}) => {
  const hook = await startHook()
  try {
    await open(page, relay.ui, 'en', '#/channels')
    await page.getByRole('button', { name: en.channels.create }).click()
    await page.getByLabel(en.channels.type, { exact: true }).selectOption('http')
    await page.getByLabel(en.channels.channelName, { exact: true }).fill('itsm')
    await page.getByLabel(en.channels.url, { exact: true }).fill(`${hook.origin}/api/tickets`)
    await page
      .getByLabel(en.channels.body, { exact: true })
      .fill('{"title": "${alarm_name}", "level": "${alarm_level}", "host": "${alarm_target}"}')
    await page.getByLabel(en.channels.verify, { exact: true }).selectOption('json')
    await page.getByLabel(en.channels.verifyMatch, { exact: true }).fill('{"code": 0}')
    await page.getByRole('button', { name: en.common.save }).click()
    await expect(page.getByText(fill(en.channels.saved, { name: 'itsm' }))).toBeVisible()

    // A name with quotes: the JSON escaping keeps the body a valid document.
    await curlAlert(relay.alerts, 'itsm', 'Disk "data" full')
    const attempt = await expectDelivered(page, 'Disk "data" full', 'itsm')
    await expect(attempt.getByRole('cell').nth(4)).toHaveText('200')
    expect(hook.received).toHaveLength(1)
    expect(hook.received[0]).toMatchObject({
      method: 'POST',
      url: '/api/tickets',
      type: expect.stringContaining('application/json'),
    })
    expect(JSON.parse(hook.received[0]!.body)).toMatchObject({
      title: 'Disk "data" full',
      level: 'critical',
      host: 'db-1',
    })
  } finally {
    await hook.close()
  }
})

/** `serve` with --allow-script-channels, its own data folder and no robot. */
async function startServeAllowingScripts() {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-e2e-script-'))
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({
      simulator: { enabled: false },
      channels: [
        {
          name: 'hold',
          webhookUrl: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=unused',
          enabled: false,
        },
      ],
      defaultChannels: ['hold'],
    }),
  )
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/wecom-alert-relay.js'), ...serveArgs(dataDir), '--allow-script-channels'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d
      if (/ui: http/.test(out)) resolve()
    })
    child.stderr!.on('data', (d) => (out += d))
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)))
  })
  return {
    ui: /ui: (\S+)/.exec(out)![1]!,
    alerts: /alerts: (\S+)/.exec(out)![1]!,
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGINT')
      await once(child, 'exit')
    },
  }
}

test('with --allow-script-channels, a script channel made in the window runs its program for an alert', async ({
  page,
}) => {
  const serve = await startServeAllowingScripts()
  try {
    const dir = mkdtempSync(join(tmpdir(), 'relay-e2e-script-run-'))
    const output = join(dir, 'delivered.json')
    const script = join(dir, 'notify.mjs')
    // A real script: reads the alert from stdin, writes what it got to a file, prints the response.
    writeFileSync(
      script,
      `import { writeFileSync } from 'node:fs'
let input = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (c) => (input += c))
process.stdin.on('end', () => {
  const alert = JSON.parse(input)
  writeFileSync(${JSON.stringify(output)}, JSON.stringify({
    name: process.env.ALARM_NAME,
    level: process.env.ALARM_LEVEL,
    deliveryId: process.env.RELAY_DELIVERY_ID,
    status: alert.status,
  }))
  console.log('sent')
})`,
    )
    await open(page, serve.ui, 'en', '#/channels')
    await page.getByRole('button', { name: en.channels.create }).click()
    await page.getByLabel(en.channels.type, { exact: true }).selectOption('script')
    // Allowed by the flag: no read-only notice, the form is editable.
    await expect(page.getByText(en.channels.scriptHeadless)).toHaveCount(0)
    await page.getByLabel(en.channels.channelName, { exact: true }).fill('pager')
    await page
      .getByLabel(en.channels.command, { exact: true })
      .fill(`${process.execPath}\n${script}`)
    await page.getByLabel(en.channels.verify, { exact: true }).selectOption('regex')
    await page.getByLabel(en.channels.verifyPattern, { exact: true }).fill('^sent$')
    await page.getByRole('button', { name: en.common.save }).click()
    await expect(page.getByText(fill(en.channels.saved, { name: 'pager' }))).toBeVisible()

    await curlAlert(serve.alerts, 'pager', 'PagerDiskFull')
    await expectDelivered(page, 'PagerDiskFull', 'pager')
    expect(existsSync(output)).toBe(true)
    const got = JSON.parse(readFileSync(output, 'utf8')) as Record<string, string>
    expect(got).toMatchObject({ name: 'PagerDiskFull', level: 'critical', status: 'firing' })
    expect(got.deliveryId).toMatch(/^[0-9a-f]{32}$/)

    // Editable too: a second argument for the script, saved and read back.
    await page.goto(new URL('#/channels', page.url()).toString())
    await page.getByRole('button', { name: fill(en.channels.editNamed, { name: 'pager' }) }).click()
    await expect(page.getByText(en.channels.scriptHeadless)).toHaveCount(0)
    await page
      .getByLabel(en.channels.command, { exact: true })
      .fill(`${process.execPath}\n${script}\n--team=db`)
    await page.getByRole('button', { name: en.common.save }).click()
    // The first save's notice may still be up: read the channel back instead.
    const command = () =>
      page.evaluate(async () => {
        const r = await fetch('/api/listChannels', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: 'null',
        })
        const list = ((await r.json()) as { result: Array<{ name: string; command: string[] }> })
          .result
        return list.find((c) => c.name === 'pager')?.command
      })
    await expect.poll(command).toEqual([process.execPath, script, '--team=db'])
  } finally {
    await serve.stop()
  }
})
