import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'

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
    // Judged when it exits: a process it left in the background (`notify &`) may hold the pipes
    // open for long after, and is not the script. What was written before the exit is still read
    // (a short grace for the pipes to drain), then the relay's ends are closed.
    child.once('exit', (code, signal) => {
      const judge = () => {
        child.stdout.destroy()
        child.stderr.destroy()
        finish({ exitCode: code, signal })
      }
      const grace = setTimeout(judge, PIPE_GRACE_MS)
      child.once('close', () => {
        clearTimeout(grace)
        judge()
      })
    })
  })
}

/** How long after the script exits its pipes may still bring what it wrote. */
const PIPE_GRACE_MS = 250

function killTree(pid: number | undefined): void {
  if (!pid) return
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' })
    return
  }
  // The group, and every descendant found by parent pid: one that left the group (`setsid`,
  // a daemon's double fork before the parent exits) is killed too.
  const all = [pid, ...descendants(pid)]
  for (const target of [-pid, ...all])
    try {
      process.kill(target, 'SIGKILL')
    } catch {
      // already gone
    }
}

/** Every process below `pid`, from the process table (`/proc` on Linux, `ps` elsewhere). */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>()
  const add = (child: number, parent: number) => {
    if (!Number.isFinite(child) || !Number.isFinite(parent)) return
    const list = parents.get(parent) ?? []
    list.push(child)
    parents.set(parent, list)
  }
  try {
    if (existsSync('/proc/self/stat')) {
      for (const name of readdirSync('/proc')) {
        if (!/^\d+$/.test(name)) continue
        try {
          const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
          // "pid (comm) state ppid …": comm may hold spaces and parentheses.
          const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
          add(Number(name), ppid)
        } catch {
          // exited meanwhile
        }
      }
    } else {
      const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
      for (const line of out.trim().split('\n')) {
        const [child, parent] = line.trim().split(/\s+/).map(Number)
        add(child!, parent!)
      }
    }
  } catch {
    return []
  }
  const found: number[] = []
  const walk = (p: number) => {
    for (const c of parents.get(p) ?? []) {
      if (found.includes(c)) continue
      found.push(c)
      walk(c)
    }
  }
  walk(pid)
  return found
}
