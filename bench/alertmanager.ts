import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { freePort } from '../test/helpers/servers'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const BINARIES = [
  '/usr/bin/prometheus-alertmanager',
  '/usr/local/bin/alertmanager',
  '/usr/bin/alertmanager',
]

/** The Alertmanager binary, installing Debian's package when it is missing and we may; else why not. */
export function findAlertmanager(): { path: string } | { skipped: string } {
  const found = BINARIES.find((p) => existsSync(p))
  if (found) return { path: found }
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    return {
      skipped:
        'Prometheus Alertmanager is not installed (Debian: apt-get install prometheus-alertmanager), so the baseline was skipped.',
    }
  }
  try {
    execFileSync('apt-get', ['install', '-y', '-qq', 'prometheus-alertmanager'], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
  } catch (err) {
    return {
      skipped: `Installing prometheus-alertmanager failed (${(err as Error).message.split('\n')[0]}), so the baseline was skipped.`,
    }
  }
  const installed = BINARIES.find((p) => existsSync(p))
  return installed
    ? { path: installed }
    : {
        skipped:
          'prometheus-alertmanager installed but its binary was not found, so the baseline was skipped.',
      }
}

/** A real Alertmanager on loopback, with a do-nothing receiver and clustering off. */
export async function startAlertmanager(
  binary: string,
): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'relay-bench-am-'))
  writeFileSync(
    join(dir, 'alertmanager.yml'),
    'route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n',
  )
  const port = await freePort()
  const child = spawn(
    binary,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: 'ignore' },
  )
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await new Promise((r) => child.once('exit', r))
      }
    },
  }
}
