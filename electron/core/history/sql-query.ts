import type { z } from 'zod'
import type { historyQuerySchema } from './query'

export type Filters = Omit<z.output<typeof historyQuerySchema>, 'offset' | 'limit'>

/** Words shorter than this hold no trigram: the rows' text has to be read for them. */
const TRIGRAM = 3

/** A WHERE clause over `alerts a` and its parameters. */
export interface Where {
  sql: string
  params: unknown[]
}

/** FTS5 string literal: the word as written, quotes doubled. */
const literal = (w: string) => `"${w.replace(/"/g, '""')}"`
/** LIKE pattern for a substring, with the wildcards in the word escaped. */
const likeOf = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** The given tests (those whose value is not undefined), joined by AND. */
function conditionsOf(tests: Array<[sql: string, value: unknown]>): Where {
  const given = tests.filter(([, v]) => v !== undefined)
  return { sql: given.map(([sql]) => sql).join(' AND '), params: given.map(([, v]) => v) }
}

/** The filters on an alert's own columns (status, level, source, time), over `alerts a`. */
export const alertConditions = (q: Filters): Where =>
  conditionsOf([
    ['a.resolved = ?', q.status ? Number(q.status === 'resolved') : undefined],
    ['a.level = ?', q.level],
    ['a.source = ?', q.source],
    ['a.received >= ?', q.from ? Date.parse(q.from) : undefined],
    ['a.received <= ?', q.to ? Date.parse(q.to) : undefined],
  ])

/** The filters on an alert's deliveries (channel, outcome), over one row `deliveries d`. */
export const deliveryConditions = (q: Filters): Where =>
  conditionsOf([
    ['d.channel = ?', q.channel],
    ['d.state = ?', q.outcome],
  ])

/**
 * The narrow index a delivery filter is read through: by channel (with the state in it), else by
 * state. Both hold the alert, so neither reads the rows that carry delivery records.
 */
export const deliveryIndexOf = (q: Filters) =>
  q.channel !== undefined ? 'deliveries_channel' : 'deliveries_state'

/**
 * History's filters as SQL over `alerts a`: the columns for status, level, source and time; a
 * delivery row for channel and outcome (looked up in a narrow index); the FTS5 trigram index for
 * text (every word a substring of name, target, summary or description, any case; see
 * `textCondition` for short words), and for the newest alerts, not indexed yet, their records.
 */
export function whereOf(q: Filters): Where {
  const alert = alertConditions(q)
  const parts = alert.sql ? [alert.sql] : []
  const params = [...alert.params]
  const delivery = deliveryConditions(q)
  if (delivery.sql) {
    parts.push(
      `EXISTS (SELECT 1 FROM deliveries d INDEXED BY ${deliveryIndexOf(q)} WHERE d.alert = a.seq AND ${delivery.sql})`,
    )
    params.push(...delivery.params)
  }
  const words = (q.text ?? '').toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length) {
    // The index (search.db, kept up by its own thread: `search-index.ts`), then the alerts stored
    // after the newest it holds, read one by one: found from the moment their 202 was sent.
    const text = textCondition(words)
    const tail = words.map(() => `relay_has(${TAIL_FIELDS}, ?)`).join(' AND ')
    parts.push(
      `a.seq IN (SELECT rowid FROM search.alerts_text t WHERE ${text.sql}
        UNION ALL SELECT seq FROM alerts WHERE seq > coalesce((${NEWEST_INDEXED}), 0) AND ${tail})`,
    )
    params.push(...text.params, ...words)
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params }
}

const ascii = (w: string) => /^[\x20-\x7e]*$/.test(w)
const COLUMNS = ['name', 'target', 'summary', 'description']
/** The indexed fields, read from an alert's record (for the alerts the index does not hold yet). */
const TAIL_FIELDS = COLUMNS.map((c) => `record ->> '$.alert.vars.alarm_${c}'`).join(', ')
const NEWEST_INDEXED = 'SELECT rowid FROM search.alerts_text ORDER BY rowid DESC LIMIT 1'

/**
 * The text words as one condition on `alerts_text t`. Words of three characters or more are
 * trigram queries (MATCH). A shorter word holds no trigram: the rows have to be read, so then
 * every ASCII word becomes a LIKE on the four columns instead (a LIKE of three characters or more
 * still uses the trigram index, and one pass reads each row once; measured at 20,000 alerts, a
 * MATCH of a word every row holds and a LIKE per row it found took three times as long); other
 * short words go through JavaScript's case fold (`relay_has`), as LIKE folds ASCII only.
 */
function textCondition(words: string[]): Where {
  const short = words.some((w) => [...w].length < TRIGRAM)
  const params: unknown[] = []
  const tests: string[] = []
  const match = words.filter((w) => !short || (!ascii(w) && [...w].length >= TRIGRAM))
  if (match.length) {
    tests.push('alerts_text MATCH ?')
    params.push(match.map(literal).join(' AND '))
  }
  for (const w of words) {
    if (match.includes(w)) continue
    if (ascii(w)) {
      tests.push(`(${COLUMNS.map((c) => `t.${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`)
      params.push(...COLUMNS.map(() => likeOf(w)))
    } else {
      tests.push('relay_has(t.name, t.target, t.summary, t.description, ?)')
      params.push(w)
    }
  }
  return { sql: tests.join(' AND '), params }
}

/** Whether a word (lower case) is in one of the fields, as JavaScript folds case. */
export function relayHas(...args: Array<string | null>): number {
  const word = args.pop()!
  return args.some((f) => (f ?? '').toLowerCase().includes(word)) ? 1 : 0
}
