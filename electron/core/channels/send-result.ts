import type { Outcome, RetryClass } from './wecom/errcodes'
import type { NetworkStage } from './network-errors'
import type { CoreText } from '../text/core-text'

/** What one send came to, for every channel type: the outcome, in sentences, and its measures. */
export interface SendResult extends RetryClass {
  ok: boolean
  outcome: Outcome
  httpStatus?: number
  errcode?: number
  /** errmsg as the robot sent it, with any secret masked. */
  errmsg?: string
  /** One sentence: what happened. */
  explanation: CoreText
  /** One sentence: what to do (absent on success). */
  fix?: CoreText
  /** For transport failures: where it failed. */
  stage?: NetworkStage
  errorCode?: string
  /** Request body size in bytes. */
  requestBytes: number
  latencyMs: number
  /** The first 1,000 characters of the response, secrets masked. */
  response?: string
  /** The URL the request went to, key masked. */
  maskedUrl: string
}

/** What an answer means, before the request's measures are added. */
export type Classified = Omit<SendResult, 'requestBytes' | 'latencyMs' | 'maskedUrl'>
