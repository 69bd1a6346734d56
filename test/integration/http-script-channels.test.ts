import { english } from '../../electron/core/text/core-text'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpSender } from '../../electron/core/channels/http/sender'
import { runScript } from '../../electron/core/channels/script/run'
import { ScriptSender } from '../../electron/core/channels/script/sender'
import type { MessageParts } from '../../electron/core/channels/channel-sender'
import type { Channel } from '../../electron/core/settings/schema'
import { parseSettings } from '../../electron/core/settings/settings-store'
import { startFakeRobot } from '../helpers/fake-robot'

function channel(fields: Record<string, unknown>): Channel {
  return parseSettings({
    simulator: { enabled: false },
    channels: [{ name: 'c', ...fields }],
    defaultChannels: ['c'],
  }).channels[0]!
}

/** An alert whose values try to break out of a JSON string and a shell command. */
const tricky: MessageParts = {
  content: 'DiskFull "db-1"\n97% used',
  title: 'DiskFull "db-1"',
  level: 'critical',
  context: {
    vars: {
      alarm_name: 'DiskFull "db-1"\n$(touch /tmp/pwned)',
      alarm_level: 'critical',
      alarm_summary: 'C:\\data is 97% full; `rm -rf /`',
    },
    labels: { team: 'db' },
  },
  alert: { id: 'a1', vars: { alarm_name: 'DiskFull "db-1"' } },
}

const TOKEN = 'Bearer 8f14e45fceea167a5a36dedd4bea2543'

describe('HTTP channel', () => {
  let fake: Awaited<ReturnType<typeof startFakeRobot>>
  let status = 200
  let reply: unknown = { ok: true }
  const http = new HttpSender()
  beforeAll(async () => {
    // The fake echoes the Authorization header back, as debugging endpoints do.
    fake = await startFakeRobot((req) => ({
      status,
      body:
        typeof reply === 'string'
          ? reply
          : { ...(reply as object), auth: req.headers.authorization },
    }))
  })
  afterAll(async () => {
    await Promise.all([fake.close(), http.close()])
  })

  it('renders the body template with JSON escaping and sends it with the method and headers', async () => {
    status = 200
    reply = { ok: true }
    const c = channel({
      type: 'http',
      url: `${fake.origin}/hook`,
      method: 'PUT',
      headers: { Authorization: TOKEN, 'X-Team': 'db' },
      body: '{"text": "${alarm_name}", "summary": "${alarm_summary}", "team": "${labels.team}", "missing": "${alarm_url:-none}"}',
    })
    const r = await http.send(c, c.url, http.build(c, tricky)[0]!)
    expect(r).toMatchObject({ ok: true, outcome: 'success', httpStatus: 200 })
    const req = fake.received.at(-1)!
    expect(req.method).toBe('PUT')
    expect(req.headers['x-team']).toBe('db')
    // Marked as relayed, so a relay's listener at that URL refuses it instead of looping.
    expect(req.headers['x-wecom-alert-relay']).toBe('1')
    expect(req.json).toEqual({
      text: 'DiskFull "db-1"\n$(touch /tmp/pwned)',
      summary: 'C:\\data is 97% full; `rm -rf /`',
      team: 'db',
      missing: 'none',
    })
    // The echoed token is masked in what the relay keeps.
    expect(JSON.stringify(r)).not.toContain('8f14e45fceea167a5a36dedd4bea2543')
  })

  it('inserts values as they are when the content type is not JSON', async () => {
    const c = channel({
      type: 'http',
      url: `${fake.origin}/text`,
      headers: { 'Content-Type': 'text/plain' },
      body: 'ALERT ${alarm_name}',
    })
    await http.send(c, c.url, http.build(c, tricky)[0]!)
    expect(fake.received.at(-1)!.text).toBe('ALERT DiskFull "db-1"\n$(touch /tmp/pwned)')
  })

  it('judges the answer by status, regex or JSON key-value, and says why it failed', async () => {
    const url = `${fake.origin}/hook`
    const cases: Array<[number, unknown, Record<string, unknown>, boolean, string]> = [
      [500, { ok: false }, {}, false, 'retryable'],
      [429, { ok: false }, {}, false, 'rate_limited'],
      [404, 'not here', {}, false, 'permanent'],
      [200, 'accepted id=42', { type: 'regex', pattern: '^accepted id=\\d+$' }, true, 'success'],
      [200, 'queued', { type: 'regex', pattern: '^accepted' }, false, 'permanent'],
      [200, { result: 'ok' }, { type: 'json', match: { result: 'ok' } }, true, 'success'],
      [200, { result: 'error' }, { type: 'json', match: { result: 'ok' } }, false, 'permanent'],
    ]
    for (const [s, body, verify, ok, outcome] of cases) {
      status = s
      reply = body
      const c = channel({ type: 'http', url, ...(Object.keys(verify).length ? { verify } : {}) })
      const r = await http.send(c, url, http.build(c, tricky)[0]!)
      expect([s, r.ok, r.outcome]).toEqual([s, ok, outcome])
      if (!ok) expect(english(r.explanation)).toMatch(/^[A-Z].*\.$/)
    }
    status = 200
    reply = { result: 'error' }
    const c = channel({ type: 'http', url, verify: { type: 'json', match: { result: 'ok' } } })
    const r = await http.send(c, url, http.build(c, tricky)[0]!)
    expect(english(r.explanation)).toContain('result="error", expected "ok"')
  })
})

describe('script channel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-script-'))
  const script = (name: string, source: string) => {
    const file = join(dir, name)
    writeFileSync(file, source)
    return [process.execPath, file]
  }
  const scripts = new ScriptSender()
  const run = (fields: Record<string, unknown>) => {
    const c = channel({ type: 'script', ...fields })
    return scripts.send(c, '', scripts.build(c, tricky)[0]!)
  }

  it('runs without a shell, with the variables in the environment and the alert on stdin', async () => {
    const out = join(dir, 'seen.json')
    const r = await run({
      command: script(
        'ok.mjs',
        `let input = ''
process.stdin.on('data', (d) => (input += d))
process.stdin.on('end', () => {
  require('node:fs').writeFileSync(process.argv[2], JSON.stringify({ env: process.env, stdin: JSON.parse(input) }))
  console.log('{"errcode":0,"errmsg":"ok"}')
})`
          .replace("require('node:fs')", "(await import('node:fs'))")
          .replace("process.stdin.on('end', () =>", "process.stdin.on('end', async () =>"),
      ).concat(out),
      verify: { type: 'json', match: { errcode: 0 } },
    })
    expect(r).toMatchObject({
      ok: true,
      outcome: 'success',
      response: '{"errcode":0,"errmsg":"ok"}',
    })
    const seen = JSON.parse(readFileSync(out, 'utf8')) as {
      env: Record<string, string>
      stdin: unknown
    }
    expect(seen.env.ALARM_NAME).toBe('DiskFull "db-1"\n$(touch /tmp/pwned)')
    expect(seen.env.ALARM_SUMMARY).toBe('C:\\data is 97% full; `rm -rf /`')
    expect(seen.env.LABEL_TEAM).toBe('db')
    expect(seen.env.ALARM_MESSAGE).toBe(tricky.content)
    expect(seen.stdin).toEqual(tricky.alert)
  })

  it('records a non-zero exit as a failure with the last lines of stderr', async () => {
    const r = await run({
      command: script(
        'fail.mjs',
        `console.error('connecting…'); console.error('curl: (7) Failed to connect to alerts.example.com port 443'); process.exit(7)`,
      ),
    })
    expect(r).toMatchObject({ ok: false, outcome: 'retryable', errorCode: 'EXIT_7' })
    expect(english(r.explanation)).toContain('exited with code 7')
    expect(english(r.explanation)).toContain('Failed to connect to alerts.example.com')
  })

  it('stops a script at its timeout, with the processes it started', async () => {
    const pidFile = join(dir, 'grandchild.pid')
    const r = await run({
      command: script(
        'hang.mjs',
        `import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
writeFileSync(${JSON.stringify(pidFile)}, String(child.pid))
setInterval(() => {}, 1000)`,
      ),
      timeoutSeconds: 1,
    })
    expect(r).toMatchObject({ ok: false, outcome: 'retryable', errorCode: 'TIMEOUT' })
    expect(english(r.explanation)).toContain('did not finish within 1 s')
    const grandchild = Number(readFileSync(pidFile, 'utf8'))
    // The grandchild was killed with the group. Killed orphans can linger as zombies until
    // someone reaps them, so "running" means present and not in state Z.
    const running = () => {
      try {
        process.kill(grandchild, 0)
      } catch {
        return false
      }
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${grandchild}/stat`, 'utf8'))
      } catch {
        return false
      }
    }
    let alive = running()
    for (let i = 0; i < 50 && alive; i++) {
      await new Promise((res) => setTimeout(res, 20))
      alive = running()
    }
    expect(alive).toBe(false)
  })

  it('judges a script when it exits, though a process it left in the background holds its output', async () => {
    const pidFile = join(dir, 'background.pid')
    const r = await run({
      command: script(
        'background.mjs',
        `import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
// As \`notify & echo sent\`: the background process inherits stdout and stderr.
const bg = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'inherit' })
writeFileSync(${JSON.stringify(pidFile)}, String(bg.pid))
bg.unref()
console.log('sent')
process.exit(0)`,
      ),
      timeoutSeconds: 10,
      verify: { type: 'regex', pattern: '^sent$' },
    })
    // Judged at its exit, not as a timeout while the background process still runs.
    expect(r).toMatchObject({ ok: true, outcome: 'success', response: 'sent' })
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL')
    } catch {
      // gone
    }
  })

  it('stops at the timeout a process the script started in a session of its own (setsid)', async () => {
    const pidFile = join(dir, 'setsid.pid')
    const r = await run({
      command: script(
        'setsid.mjs',
        `import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
// detached: setsid(), so it leaves the script's process group.
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', detached: true })
writeFileSync(${JSON.stringify(pidFile)}, String(child.pid))
setInterval(() => {}, 1000)`,
      ),
      timeoutSeconds: 1,
    })
    expect(r).toMatchObject({ ok: false, outcome: 'retryable', errorCode: 'TIMEOUT' })
    const escaped = Number(readFileSync(pidFile, 'utf8'))
    const running = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${escaped}/stat`, 'utf8'))
      } catch {
        return false
      }
    }
    let alive = running()
    for (let i = 0; i < 50 && alive; i++) {
      await new Promise((res) => setTimeout(res, 20))
      alive = running()
    }
    if (alive) process.kill(escaped, 'SIGKILL')
    expect(alive).toBe(false)
  })

  it('records a response that fails verification, with what it printed', async () => {
    const r = await run({
      command: script(
        'noisy.mjs',
        `console.log('  % Total    % Received'); console.log('{"errcode":0}')`,
      ),
      verify: { type: 'json', match: { errcode: 0 } },
    })
    expect(r).toMatchObject({ ok: false, outcome: 'permanent' })
    expect(english(r.explanation)).toContain('not a JSON object')
    expect(english(r.fix)).toContain('print only the response')
    expect(r.response).toContain('% Total')
  })

  it('explains a program that does not exist', async () => {
    const r = await run({ command: [join(dir, 'no-such-program')] })
    expect(r).toMatchObject({ ok: false, outcome: 'permanent', errorCode: 'ENOENT' })
    expect(english(r.explanation)).toContain('was not found')
  })

  it('caps what a chatty script prints, keeping the start of stdout and the end of stderr', async () => {
    const r = await runScript({
      command: script(
        'chatty.mjs',
        `process.stdout.write('first' + 'y'.repeat(1024 * 1024))
process.stderr.write('x'.repeat(1024 * 1024) + 'last words')`,
      ),
      env: {},
      stdin: '',
      timeoutMs: 30_000,
      maxOutputBytes: 4096,
    })
    expect(r).toMatchObject({ exitCode: 0, truncated: true })
    expect(r.stdout).toHaveLength(4096)
    expect(r.stdout.startsWith('first')).toBe(true)
    expect(r.stderr).toHaveLength(4096)
    expect(r.stderr.endsWith('last words')).toBe(true)
  })
})
