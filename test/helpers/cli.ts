import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Runs the CLI from source (tsx), as `npx wecom-alert-relay …` would after a build. */
export function cliArgs(args: string[]): string[] {
  return ['--import', 'tsx', `${ROOT}electron/headless/main.ts`, ...args]
}

export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, cliArgs(args), {
    cwd: ROOT,
    env: { ...process.env, ...env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, stdout, stderr }
}

/** Starts a long-running CLI command and resolves once a line matching `ready` was printed. */
export async function startCli(
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; output: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, cliArgs(args), {
    cwd: ROOT,
    env: { ...process.env, ...env },
  })
  let out = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d
      if (ready.test(out)) resolve()
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (d) => (out += d))
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before it was ready:\n${out}`)),
    )
    setTimeout(() => reject(new Error(`not ready after 20 s:\n${out}`)), 20_000).unref()
  })
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return
      child.kill('SIGINT')
      await once(child, 'exit')
    },
  }
}

/** `serve` on free loopback ports with this data folder. */
export function serveArgs(dataDir: string): string[] {
  return ['serve', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--ui', '127.0.0.1:0']
}

/** Settings with one channel to `webhookUrl` and no built-in simulator (the caller brings its own robot). */
export function oneChannel(
  webhookUrl: string,
  channel: Record<string, unknown> = {},
  name = 'oncall',
) {
  return {
    simulator: { enabled: false },
    channels: [{ name, webhookUrl, ...channel }],
    defaultChannels: [name],
  }
}
