import { z } from 'zod'

/** Faults the simulator can inject, for tests and for trying the relay's error handling by hand. */
export const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delay'), ms: z.number().int().min(0).max(600_000) }),
  z.object({ kind: z.literal('status'), status: z.number().int().min(100).max(599) }),
  z.object({ kind: z.literal('errcode'), errcode: z.number().int() }),
  z.object({ kind: z.literal('reset') }),
  z.object({ kind: z.literal('malformed') }),
  z.object({ kind: z.literal('html') }),
  z.object({ kind: z.literal('empty') }),
])

export const faultRuleSchema = z.object({
  fault: faultSchema,
  /** Only requests for this key (default: every key). */
  key: z.string().optional(),
  /** How many requests it applies to; omitted means until cleared. */
  times: z.number().int().min(1).optional(),
})

export type Fault = z.infer<typeof faultSchema>
export type FaultRule = z.infer<typeof faultRuleSchema>

export class FaultQueue {
  #rules: Array<FaultRule & { left: number }> = []

  add(rule: FaultRule): void {
    this.#rules.push({ ...rule, left: rule.times ?? Infinity })
  }

  clear(): void {
    this.#rules = []
  }

  /** The fault for this request, if any; a rule with a count is used up as it applies. */
  take(key: string): Fault | undefined {
    const rule = this.#rules.find((r) => r.left > 0 && (r.key === undefined || r.key === key))
    if (!rule) return undefined
    rule.left--
    if (rule.left <= 0) this.#rules = this.#rules.filter((r) => r !== rule)
    return rule.fault
  }

  list(): FaultRule[] {
    return this.#rules.map(({ left, ...rule }) => ({
      ...rule,
      times: Number.isFinite(left) ? left : undefined,
    }))
  }
}
