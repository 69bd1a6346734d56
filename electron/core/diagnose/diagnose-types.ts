import type { ChannelFormat, ChannelType } from '../channels/type-names'
import type { SendResult } from '../channels/wecom/sender'
import type { VerifyRule } from '../settings/schema'
import type { CoreText } from '../text/core-text'

export type StageName = 'url' | 'proxy' | 'dns' | 'tcp' | 'tls' | 'http' | 'response'
export type StageStatus = 'ok' | 'warning' | 'failed' | 'skipped'

export interface StageResult {
  stage: StageName
  status: StageStatus
  durationMs: number
  /** What was found (addresses, TLS version, HTTP status…). */
  detail: CoreText
  /** On failure: what it means, and what to do. */
  explanation?: CoreText
  fix?: CoreText
}

export interface ConnectivityInput {
  url: string
  /** The robot kind; detected from the URL when absent (WeCom if nothing matches). */
  type?: ChannelType
  proxy?: string
  signatureKey?: string
  format?: ChannelFormat
  message?: string
  /** The language of the default message (English when absent). */
  language?: 'en' | 'zh'
  mentionMobiles?: string | string[]
  /** User ids to @mention: WeCom user IDs, or Feishu/Lark open_id/user_id (`all`: everyone). */
  mentionUserIds?: readonly string[]
  verify?: VerifyRule
  timeoutMs?: number
  /** Build the request and check the URL, but send nothing. */
  dryRun?: boolean
}

export interface ConnectivityReport {
  ok: boolean
  dryRun: boolean
  stages: StageResult[]
  /** The first failed stage, if any. */
  failedStage?: StageName
  /** What was (or would be) sent; the URL's key is masked. */
  request: { method: 'POST'; url: string; headers: Record<string, string>; bodies: unknown[] }
  /** The robot kind that was tested. */
  type: ChannelType
  /** The robot's answer to the first message. */
  send?: SendResult
  /** The equivalent curl command, secrets masked. */
  curl: string
  /**
   * A plain address (no robot key) was checked for reachability only: the host it names. The
   * test failed (nothing was sent); the stages say whether the host answered.
   */
  reached?: string
}

export const STAGE_ORDER: readonly StageName[] = [
  'url',
  'proxy',
  'dns',
  'tcp',
  'tls',
  'http',
  'response',
]

/** How a stage reports: `record` one result (secrets redacted), or mark every stage not yet run skipped. */
export interface StageRecorder {
  record(s: StageResult): StageResult
  skipRest(reason: CoreText): void
}
