import { Command, InvalidArgumentError, Option } from 'commander'
import { resolve } from 'node:path'
import { ListenError } from '../core/ingest/listener'
import { createRelay } from '../core/app'
import { DataFolderError, DataFolderInUseError } from '../core/data-lock'
import { testWebhook } from '../core/diagnose/connectivity'
import { maskRobotUrl, testCurl } from '../core/diagnose/test-request'
import type { StageResult } from '../core/diagnose/diagnose-types'
import { defaultDataDir } from '../core/paths'
import { maskUrl } from '../core/secrets/mask'
import { confBackend } from '../core/settings/conf-backend'
import { DEFAULT_PORTS } from '../core/settings/schema'
import { startSimulator } from '../core/simulator/simulator-server'
import { CHANNEL_FORMATS, type ChannelFormat, type ChannelType } from '../core/channels/type-names'
import { packageRoot, rendererDir } from './package-root'
import { createApiService, packageVersion } from '../core/api/service'
import { join } from 'node:path'
import { startUiServer, uiToken } from './api-server'
import { english, say } from '../core/text/core-text'

/** `HOST:PORT`, `:PORT` or `PORT` → host and port. */
export function parseHostPort(
  value: string,
  defaultHost = '127.0.0.1',
): { host: string; port: number } {
  const m = /^(?:(\[[^\]]+\]|[^:]+)?:)?(\d{1,5})$/.exec(value.trim())
  const port = m ? Number(m[2]) : NaN
  if (!m || port > 65_535)
    throw new InvalidArgumentError(`"${value}" is not HOST:PORT (for example 127.0.0.1:8760).`)
  return { host: (m[1] ?? defaultHost).replace(/^\[|\]$/g, ''), port }
}

function hostPortOption(flags: string, description: string, fallback: number) {
  return new Option(flags, description)
    .argParser((v) => parseHostPort(v))
    .default({ host: '127.0.0.1', port: fallback }, `127.0.0.1:${fallback}`)
}

const SYMBOL: Record<StageResult['status'], string> = {
  ok: '✔',
  warning: '!',
  failed: '✘',
  skipped: '-',
}

/** The stage as the window and the README name it: the robot's answer is its errcode. */
const stageLabel = (stage: string) => (stage === 'response' ? 'errcode' : stage)

function printStage(s: StageResult): void {
  const time = s.status === 'skipped' ? '' : `${s.durationMs} ms`
  console.log(
    `${SYMBOL[s.status]} ${stageLabel(s.stage).padEnd(8)} ${time.padStart(9)}  ${english(s.detail)}`,
  )
  if (s.explanation) console.log(`    ${english(s.explanation)}`)
  if (s.fix) console.log(`    What to do: ${english(s.fix)}`)
}

export function buildCli(): Command {
  const program = new Command()
    .name('wecom-alert-relay')
    .description('Relays alerts from Alertmanager, Grafana, OCP and curl to WeCom group robots.')
    .showHelpAfterError()

  program
    .command('serve')
    .description(
      'Run the relay headless: the alert listener, delivery and the window in a browser.',
    )
    .option(
      '--data-dir <dir>',
      'where settings and history live (default: the app data folder; RELAY_DATA_DIR overrides)',
    )
    .option('--config <file>', 'use this settings file instead of <data-dir>/config.json')
    .option(
      '--allow-script-channels',
      'let the browser window create script channels (they run programs on this machine)',
    )
    .option(
      '--listen <host:port>',
      'where alerts are received (default: the settings, 127.0.0.1:8760)',
      (v) => parseHostPort(v),
    )
    .addOption(hostPortOption('--ui <host:port>', 'where the window is served', DEFAULT_PORTS.ui))
    .option(
      '--simulator-port <port>',
      'where the built-in simulator listens (default: the settings, 8762; 0: any free port); channels addressed to it follow',
      (v) => parseHostPort(v).port,
    )
    .action(
      async (opts: {
        dataDir?: string
        config?: string
        allowScriptChannels?: boolean
        listen?: { host: string; port: number }
        ui: { host: string; port: number }
        simulatorPort?: number
      }) => {
        const dataDir = resolve(opts.dataDir ?? defaultDataDir())
        // RELAY_ROBOT_WINDOW_MS shortens the robots' 60 s rate window, for tests against the simulator.
        const windowMs = Number(process.env.RELAY_ROBOT_WINDOW_MS) || undefined
        const relay = await createRelay({
          dataDir,
          configPath: opts.config && resolve(opts.config),
          createSettingsBackend: confBackend,
          delivery: { windowMs },
          lock: {
            what: 'wecom-alert-relay serve',
            advice: 'start this one with another --data-dir',
          },
          simulatorPort: opts.simulatorPort,
        })
        for (const w of relay.warnings) console.warn(`warning: ${w.text}`)
        let ui: Awaited<ReturnType<typeof startUiServer>>
        const service = createApiService(relay, {
          mode: 'headless',
          version: packageVersion(join(packageRoot(), 'package.json')),
          allowScriptChannels: !!opts.allowScriptChannels,
        })
        try {
          await relay.listener.start(opts.listen)
          ui = await startUiServer({
            rendererDir: rendererDir(),
            host: opts.ui.host,
            port: opts.ui.port,
            service,
            events: relay.events,
            token: uiToken(dataDir),
          })
        } catch (err) {
          await relay.close()
          if (err instanceof ListenError) {
            console.error(`error: ${err.message}`)
            process.exitCode = 1
            return
          }
          throw err
        }
        console.log(`data: ${dataDir}`)
        if (relay.simulator) console.log(`simulator: ${relay.simulator.origin}/`)
        console.log(`alerts: ${relay.listener.origin}/alerts`)
        console.log(`ui: ${ui.url}`)
        onStopSignal(async () => {
          await Promise.allSettled([ui.close(), relay.close()])
          console.log('stopped: the ports are released and the queue is saved.')
        })
      },
    )

  program
    .command('test-webhook')
    .description(
      'Staged connectivity test (URL, proxy, DNS, TCP, TLS, HTTP, errcode) for WeCom, DingTalk and Feishu/Lark robots; exit 0 only when the robot accepts the message.',
    )
    .argument(
      '<url>',
      'the robot webhook URL (WeCom …/cgi-bin/webhook/send?key=…, DingTalk …/robot/send?access_token=…, Feishu/Lark …/open-apis/bot/v2/hook/…)',
    )
    .addOption(
      new Option('--type <type>', 'the robot kind (default: detected from the URL)').choices([
        'wecom',
        'dingtalk',
        'feishu',
      ]),
    )
    .option(
      '--proxy <proxy>',
      'HTTP proxy, http://[user:pass@]host:port (OCP style http:host:port works too)',
    )
    .option(
      '--signature-key <key>',
      'the robot secret: DingTalk signs in the query (ms), Feishu/Lark in the body (seconds)',
    )
    .addOption(
      new Option(
        '--format <format>',
        'message format (WeCom: text, markdown, markdown_v2; DingTalk: text, markdown; Feishu: text, post, interactive)',
      ).choices(CHANNEL_FORMATS),
    )
    .option('--message <text>', 'the message to send (default: a short test message)')
    .option('--mention <mobiles>', 'mobile numbers to @mention, comma-separated, or @all')
    .option(
      '--mention-ids <ids>',
      'Feishu/Lark: user ids (ou_…) to @mention, comma-separated, or all',
    )
    .option(
      '--timeout <seconds>',
      'per-stage time limit',
      (v) => {
        const n = Number(v)
        if (!(n > 0 && n <= 120))
          throw new InvalidArgumentError('give a number of seconds between 1 and 120')
        return n
      },
      10,
    )
    .option('--dry-run', 'check the URL and build the request, send nothing')
    .option('--curl', 'also print the equivalent curl command (key masked)')
    .option('--reveal', 'with --curl: show the key and secrets unmasked')
    .option('--json', 'print the report as JSON')
    .action(
      async (
        url: string,
        opts: {
          proxy?: string
          type?: ChannelType
          signatureKey?: string
          format?: ChannelFormat
          message?: string
          mention?: string
          mentionIds?: string
          timeout: number
          dryRun?: boolean
          curl?: boolean
          reveal?: boolean
          json?: boolean
        },
      ) => {
        if (!opts.json)
          console.log(
            `Testing ${maskRobotUrl(url)}${opts.proxy ? ` through ${maskUrl(opts.proxy)}` : ''}${opts.dryRun ? ' (dry run)' : ''}`,
          )
        const input = {
          url,
          type: opts.type,
          mentionUserIds: opts.mentionIds
            ?.split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          proxy: opts.proxy,
          signatureKey: opts.signatureKey,
          format: opts.format,
          message: opts.message,
          mentionMobiles: opts.mention,
          timeoutMs: opts.timeout * 1000,
          dryRun: opts.dryRun,
        }
        const report = await testWebhook(input, opts.json ? undefined : printStage)
        if (opts.json) console.log(JSON.stringify(report, null, 2))
        else {
          console.log(
            report.ok
              ? report.dryRun
                ? 'Dry run: the request is valid; nothing was sent.'
                : say('wecom.accepted').text
              : report.reached
                ? `The host at ${report.reached} answered, but the address is not a robot webhook: nothing was sent.`
                : `Failed at the ${stageLabel(report.failedStage ?? '')} stage.`,
          )
          if (opts.curl) console.log(`\n${opts.reveal ? testCurl(input, true) : report.curl}`)
        }
        process.exitCode = report.ok ? 0 : 1
      },
    )

  program
    .command('simulator')
    .description(
      'Run the robot simulator: WeCom, DingTalk and Feishu/Lark endpoints (page: http://HOST:PORT/).',
    )
    .addOption(hostPortOption('--listen <host:port>', 'where to listen', DEFAULT_PORTS.simulator))
    .option('--keys <keys>', 'accepted webhook keys, comma-separated (* accepts any)', 'relay-demo')
    .option(
      '--rate-limit <n>',
      'messages per minute per key before errcode 45009',
      (v) => {
        const n = Number(v)
        if (!Number.isInteger(n) || n < 1)
          throw new InvalidArgumentError('give a whole number of messages, at least 1')
        return n
      },
      20,
    )
    .action(
      async (opts: { listen: { host: string; port: number }; keys: string; rateLimit: number }) => {
        const keys = opts.keys
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
        const sim = await startSimulator({
          host: opts.listen.host,
          port: opts.listen.port,
          keys,
          rateLimit: opts.rateLimit,
        })
        console.log(`simulator: ${sim.origin}/  (chat page; robot limit ${opts.rateLimit}/min)`)
        for (const key of keys) {
          const k = key === '*' ? 'ANY' : key
          console.log(
            `webhook: ${key === '*' ? `${sim.origin}/cgi-bin/webhook/send?key=ANY` : sim.webhookUrl(key)}`,
          )
          console.log(`dingtalk: ${sim.dingtalkUrl(k)}`)
          console.log(`feishu: ${sim.feishuUrl(k)}`)
        }
        onStopSignal(() => sim.close())
      },
    )

  return program
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
const STOP_LIMIT_MS = 15_000

/**
 * A clean stop on SIGINT, SIGTERM and SIGHUP (a closed terminal, `systemctl stop`, `kill`): the
 * ports are released and the queue saved, then exit 0. A stop that takes longer than 15 s exits
 * with 1 (the queue on disk is what a restart resumes from).
 */
function onStopSignal(stop: () => Promise<unknown>): void {
  let stopping = false
  const handler = (signal: NodeJS.Signals) => {
    // Repeats are ignored (a loader may re-deliver a signal); the time limit bounds the stop.
    if (stopping) return
    stopping = true
    console.log(`${signal}: stopping…`)
    setTimeout(() => {
      console.error('error: the stop took longer than 15 s: exiting now.')
      process.exit(1)
    }, STOP_LIMIT_MS).unref()
    void stop().then(
      () => process.exit(0),
      (err: Error) => {
        console.error(`error: the stop failed (${err.message}).`)
        process.exit(1)
      },
    )
  }
  for (const signal of STOP_SIGNALS) process.on(signal, handler)
}

/** Errors a person can act on, without a stack trace; anything else is a bug and keeps its stack. */
export async function main(argv = process.argv): Promise<void> {
  // A relay that stops relaying pages nobody: a stray rejection is logged (it is a bug), not fatal.
  process.on('unhandledRejection', (err) =>
    console.error(
      `error: unexpected failure, the relay keeps running: ${(err as Error)?.stack ?? String(err)}`,
    ),
  )
  try {
    await buildCli().parseAsync(argv)
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    if (err instanceof DataFolderInUseError || err instanceof DataFolderError) {
      console.error(`error: ${err.message}`)
    } else if (e.code === 'EADDRINUSE') {
      console.error(
        `error: the address is already in use (${e.message.replace(/^listen EADDRINUSE: address already in use /, '')}): stop the other program or choose another port.`,
      )
    } else if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') {
      console.error(
        `error: not allowed (${e.code}${e.path ? ` on ${e.path}` : ''}): choose another data folder (--data-dir) or a port above 1024.`,
      )
    } else if (e.code === 'ENOTDIR' || e.code === 'EEXIST' || e.code === 'EISDIR') {
      console.error(
        `error: the data folder cannot be used (${e.code}${e.path ? ` on ${e.path}` : ''}): a file stands where a folder should be, or the reverse; fix it or choose another --data-dir.`,
      )
    } else if (e.code === 'ENOSPC') {
      console.error(
        `error: the disk is full (${e.path ?? 'data folder'}): free some space and start again.`,
      )
    } else throw err
    process.exitCode = 1
  }
}
