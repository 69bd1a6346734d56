import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, startCli } from '../helpers/cli'
import { tempDir } from '../helpers/servers'

let sim: Awaited<ReturnType<typeof startCli>>
let origin: string

beforeAll(async () => {
  sim = await startCli(
    ['simulator', '--listen', '127.0.0.1:0', '--keys', 'good-key-123456,second-key-1234'],
    /webhook: .*second-key/,
  )
  origin = /simulator: (http:\/\/[^/]+)\//.exec(sim.output())![1]!
})
afterAll(() => sim.stop())

describe('wecom-alert-relay simulator', () => {
  it('prints its chat page and one webhook URL per key', () => {
    expect(sim.output()).toContain(`webhook: ${origin}/cgi-bin/webhook/send?key=good-key-123456`)
    expect(sim.output()).toContain(`webhook: ${origin}/cgi-bin/webhook/send?key=second-key-1234`)
  })
})

describe('wecom-alert-relay test-webhook', () => {
  it('exits 0 when the robot accepted the message, and the chat page shows it', async () => {
    const r = await runCli([
      'test-webhook',
      `${origin}/cgi-bin/webhook/send?key=good-key-123456`,
      '--message',
      'hello from the CLI',
      '--format',
      'text',
    ])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('✔ errcode')
    expect(r.stdout).toContain('The robot accepted the message.')
    const page = await (await fetch(`${origin}/`)).text()
    expect(page).toContain('hello from the CLI')
  })

  it('exits 1 with the explanation for a wrong key, never printing the key', async () => {
    const r = await runCli(['test-webhook', `${origin}/cgi-bin/webhook/send?key=wrong-key-999999`])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('errcode 93000')
    expect(r.stdout).toContain('What to do: Copy the webhook URL again')
    expect(r.stdout).not.toContain('wrong-key-999999')
  })

  it('--json prints a machine-readable report', async () => {
    const r = await runCli([
      'test-webhook',
      `${origin}/cgi-bin/webhook/send?key=good-key-123456`,
      '--json',
    ])
    const report = JSON.parse(r.stdout)
    expect(report.ok).toBe(true)
    expect(report.stages).toHaveLength(7)
  })

  it('--dry-run --curl prints the masked curl command and sends nothing', async () => {
    const r = await runCli([
      'test-webhook',
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sif8c2f1',
      '--dry-run',
      '--curl',
    ])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      "curl -sS -X POST 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…c2f1'",
    )
    expect(r.stdout).not.toContain('0ec2sif8c2f1')
  })

  it('says what is wrong with bad arguments', async () => {
    const r = await runCli([
      'test-webhook',
      'https://qyapi.weixin.qq.com/x?key=a',
      '--format',
      'html',
    ])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('Allowed choices are text, markdown, markdown_v2')
  })
})

describe('wecom-alert-relay serve', () => {
  it('starts with a fresh data dir, writes default settings and serves the window', async () => {
    const dataDir = tempDir()
    const serve = await startCli(
      ['serve', '--data-dir', dataDir, '--ui', '127.0.0.1:0'],
      /ui: http/,
    )
    try {
      expect(existsSync(join(dataDir, 'config.json'))).toBe(true)
      expect(JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')).channels[0].name).toBe(
        'simulator',
      )
      const ui = /ui: (http:\/\/\S+)/.exec(serve.output())![1]!
      const page = await fetch(ui)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<div id="root">')
    } finally {
      await serve.stop()
    }
    expect(serve.child.exitCode).toBe(0)
  })

  it('reports a port in use in one sentence, not a stack trace', async () => {
    const port = new URL(origin).port
    const dataDir = tempDir()
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ simulator: { enabled: false } }))
    const ui = await runCli([
      'serve',
      '--data-dir',
      dataDir,
      '--listen',
      '127.0.0.1:0',
      '--ui',
      `127.0.0.1:${port}`,
    ])
    expect(ui.code).toBe(1)
    expect(ui.stderr).toMatch(
      /^error: The window server could not start: 127\.0\.0\.1:\d+ is already in use: stop the other program or choose another --ui port\.\n$/,
    )
    const alerts = await runCli([
      'serve',
      '--data-dir',
      dataDir,
      '--listen',
      `127.0.0.1:${port}`,
      '--ui',
      '127.0.0.1:0',
    ])
    expect(alerts.code).toBe(1)
    expect(alerts.stderr).toMatch(
      /^error: The alert listener could not start: 127\.0\.0\.1:\d+ is already in use: stop the other program or choose another listener port in Settings\.\n$/,
    )
  })
})
