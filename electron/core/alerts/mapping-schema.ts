import { z } from 'zod'
import { LEVEL_ORDER } from './levels'
import { SOURCES } from './source-names'

/** A dotted path into a body (`data.alert.title`, `items.0.host`); empty: not mapped. */
const path = z
  .string({ error: 'must be a dotted path, such as alert.title' })
  .trim()
  .max(512)
  .regex(/^[^\s]*$/, { error: 'must be a dotted path without spaces, such as alert.title' })
  .default('')

/** What a person maps, by clicking a field of a received body in the window. */
export const MAPPED_FIELDS = [
  'title',
  'level',
  'status',
  'time',
  'target',
  'summary',
  'value',
  'link',
  'labels',
] as const
export type MappedField = (typeof MAPPED_FIELDS)[number]

/** How the time field is written: read as it looks (auto), epoch seconds or ms, or a wall time. */
export const TIME_FORMATS = ['auto', 'epoch-s', 'epoch-ms', 'local'] as const

/**
 * A source a person mapped in the window: its name is its endpoint (`/alerts/<name>`); each field
 * is a path into the body; the level has its own value table and the status the values that mean
 * the alert is over. Lives in the settings file, exported and imported with it.
 */
export const sourceMappingSchema = z.strictObject({
  name: z
    .string({ error: 'must be text' })
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, {
      error:
        'must be 1–40 lower-case letters, digits or dashes, starting with a letter or digit: it is the endpoint /alerts/<name>',
    })
    .refine((n) => !(SOURCES as readonly string[]).includes(n), {
      error: 'is a built-in sender’s name: pick another, such as my-monitor',
    }),
  itemsPath: path,
  fields: z.strictObject(Object.fromEntries(MAPPED_FIELDS.map((f) => [f, path]))).prefault({}),
  /** The sender's level words or numbers → the relay's levels. */
  levels: z
    .record(
      z.string().trim().min(1).max(64),
      z.enum(LEVEL_ORDER, {
        error: `must be one of ${LEVEL_ORDER.join(', ')}`,
      }),
    )
    .default({}),
  /** Status values that mean "resolved"; empty: the usual words (resolved, ok, closed, 恢复…). */
  resolvedValues: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  timeFormat: z.enum(TIME_FORMATS).default('auto'),
})

export type SourceMapping = z.infer<typeof sourceMappingSchema>
export type SourceMappingInput = z.input<typeof sourceMappingSchema>

/** The mappings list, with every name used once. */
export const sourceMappingsSchema = z
  .array(sourceMappingSchema)
  .max(200)
  .default([])
  .superRefine((list, ctx) => {
    const seen = new Set<string>()
    list.forEach((m, i) => {
      if (seen.has(m.name))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `"${m.name}" is used by two mapped sources: each needs its own name`,
        })
      seen.add(m.name)
    })
  })
