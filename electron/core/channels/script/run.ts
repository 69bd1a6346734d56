import { spawn } from 'node:child_process'

export interface ScriptRun {
  /** Program and arguments; run without a shell. */
  command: readonly string[]
  env: Record<string, string>
  /** Written to the program's stdin, then stdin is closed. */
  stdin: string
  timeoutMs: number
  /** Bytes of stdout and of stderr kept; the rest is counted and dropped. */
  maxOutputBytes?: number
}

export interface ScriptOutcome {
  /** null when the program did not start (spawnError) or was killed. */
  exitCode: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
  /** ENOENT, EACCES…: the program could not be started. */
  spawnError?: NodeJS.ErrnoException
  stdout: string
  stderr: string
  /** True when output went past the cap. */
  truncated: boolean
  durationMs: number
}

/** Variables a program needs to run at all; the relay's own environment is not passed on. */
const PASSED_ENV = [
  'PATH',
  'HOME',
  'USER',
  'LANG',
  'LC_ALL',
  'TZ',
  'TMPDIR',
  'SystemRoot',
  'ComSpec',
  'TEMP',
  'TMP',
  'PATHEXT',
  'USERPROFILE',
]

/**
 * Runs a program without a shell: `command[0]` with the rest as arguments, so nothing in an
 * alert can become shell syntax. On timeout the whole process tree is killed (the program runs
 * in its own process group), not just the direct child: a `sh -c 'curl …'` must not outlive it.
 */
export function runScript(run: ScriptRun): Promise<ScriptOutcome> {
  const cap = run.maxOutputBytes ?? 64 * 1024
  const started = Date.now()
  const base: Record<string, string> = {}
  for (const name of PASSED_ENV) if (process.env[name]) base[name] = process.env[name]!
  return new Promise((resolve) => {
    let stdout: Buffer = Buffer.alloc(0)
    let stderr: Buffer = Buffer.alloc(0)
    let truncated = false
    let timedOut = false
    let settled = false
    const finish = (
      o: Omit<ScriptOutcome, 'stdout' | 'stderr' | 'truncated' | 'durationMs' | 'timedOut'>,
    ) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({
        ...o,
        timedOut,
        stdout: stdout.toString('utf8'),
        stderr: stderr.toString('utf8'),
        truncated,
        durationMs: Date.now() - started,
      })
    }
    const child = spawn(run.command[0]!, run.command.slice(1), {
      shell: false,
      env: { ...base, ...run.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    })
    const keep = (acc: Buffer, chunk: Buffer, tail: boolean): Buffer => {
      if (acc.length + chunk.length <= cap) return Buffer.concat([acc, chunk])
      truncated = true
      // stdout keeps its start (the response); stderr keeps its end (the last lines explain).
      return tail
        ? Buffer.concat([acc, chunk]).subarray(-cap)
        : Buffer.concat([acc, chunk.subarray(0, Math.max(0, cap - acc.length))])
    }
    child.stdout.on('data', (c: Buffer) => (stdout = keep(stdout, c, false)))
    child.stderr.on('data', (c: Buffer) => (stderr = keep(stderr, c, true)))
    // A program that ignores stdin closes it early: that is not an error.
    child.stdin.on('error', () => {})
    child.stdin.end(run.stdin)
    const timer = setTimeout(() => {
      timedOut = true
      killTree(child.pid)
    }, run.timeoutMs)
    child.once('error', (err: NodeJS.ErrnoException) =>
      finish({ exitCode: null, signal: null, spawnError: err }),
    )
    child.once('close', (code, signal) => finish({ exitCode: code, signal }))
  })
}

function killTree(pid: number | undefined): void {
  if (!pid) return
  try {
    if (process.platform === 'win32')
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' })
    else process.kill(-pid, 'SIGKILL')
  } catch {
    // already gone
  }
}
