import { z } from 'zod'
import { SOURCES } from '../alerts/source-names'
import { DELIVERY_STATES } from './records'

/** History filters: what the History page and the API accept. */
export const historyQuerySchema = z.strictObject({
  status: z.enum(['firing', 'resolved']).optional(),
  level: z.string().optional(),
  channel: z.string().optional(),
  source: z.enum(SOURCES).optional(),
  outcome: z.enum(DELIVERY_STATES).optional(),
  /** ISO times, inclusive. */
  from: z.string().optional(),
  to: z.string().optional(),
  /** Words to find in name, target, summary and description (all must match, any case). */
  text: z.string().optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
})

export type HistoryQuery = z.input<typeof historyQuerySchema>
