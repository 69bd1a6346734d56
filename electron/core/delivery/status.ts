import type { CoreText } from '../text/core-text'

/**
 * What the delivery engine reports about itself: the shapes the API contract, the tray model and
 * the renderer read. Types only, so none of them has to import the engine.
 */

/** One robot of a channel's pool: its budget in the current window and why it may be resting. */
export interface RobotStatus {
  /** The robot's URL with the key masked. */
  robot: string
  sendsInWindow: number
  limit: number
  nextFreeSlot: string | null
  pausedUntil: string | null
  /** Set after 93000/93004/93008: the robot is gone; others in the pool carry on. */
  broken?: CoreText
  lastError?: CoreText
  lastErrorAt?: string
}

/** How the latest send on a channel ended. */
export type LastOutcome = 'delivered' | 'failed'

/** One channel: its backlog, its robots and its hourly and daily caps. */
export interface ChannelStatus {
  channel: string
  enabled: boolean
  backlog: number
  retrying: number
  robots: RobotStatus[]
  lastError?: CoreText
  lastErrorAt?: string
  lastOutcome?: LastOutcome
  caps: CapsStatus
}

/** The caps of one channel and what they count and hold back now. */
export interface CapsStatus {
  perHour: number
  sentThisHour: number
  heldThisHour: number
  perDay: number
  sentToday: number
  heldToday: number
}

/** The whole engine: the pause and every channel. */
export interface DeliveryStatus {
  paused: boolean
  pausedUntil: string | null
  backlog: number
  channels: ChannelStatus[]
  /** Set while the data folder refuses writes: one sentence, with what a restart would do. */
  storage?: CoreText
}
