import { levelFromTags, mapLevel } from '../levels'
import { isRecord } from '../normalize'
import { readTags } from '../tags'
import { draftOf, headline, itemsOf, pick } from './draft'
import { SourceError } from './source-errors'
import { listScore, type SenderReader } from './reader'

function score(o: unknown): number {
  if (!isRecord(o) || typeof o.alarmMessage !== 'string') return 0
  const marks = ['scopeId', 'scope', 'id0', 'id1', 'ruleName', 'startTime'].filter(
    (k) => k in o,
  ).length
  return marks >= 2 ? 0.95 : marks === 1 ? 0.7 : 0.3
}

/**
 * SkyWalking's alarm webhook: a list of `AlarmMessage` (one object from some relays): the entity
 * (`name`, `scope`), the rule, `alarmMessage`, `startTime` in ms; since 9 `tags` (a `level` tag),
 * since 10 `uuid` and `recoveryTime` (set on a recovery).
 */
function readOne(o: unknown) {
  if (!isRecord(o) || typeof o.alarmMessage !== 'string')
    throw new SourceError('The body is not a SkyWalking alarm: it needs alarmMessage.')
  const tags = readTags(o.tags)
  const recovered = o.recoveryTime !== undefined && o.recoveryTime !== null && o.recoveryTime !== 0
  const scope = pick(o, 'scope')
  return draftOf({
    source: 'skywalking',
    status: recovered ? 'resolved' : 'firing',
    name: pick(o, 'ruleName') ?? headline(pick(o, 'alarmMessage')),
    fallbackName: 'SkyWalking alarm',
    level: mapLevel(levelFromTags(tags)),
    target: pick(o, 'name'),
    summary: pick(o, 'alarmMessage'),
    startedAt: o.startTime,
    resolvedAt: o.recoveryTime,
    id: pick(o, 'uuid'),
    fingerprint: pick(o, 'uuid') ? `skywalking-${pick(o, 'uuid')}` : undefined,
    labels: { ...tags, ...(scope ? { scope } : {}) },
    facts: {},
    vars: { skywalking_scope: scope, skywalking_id0: pick(o, 'id0') },
    raw: o,
  })
}

export const skywalking: SenderReader = {
  name: 'skywalking',
  needs: 'alarmMessage (and name, scope or ruleName)',
  score: (body) => listScore(body, score),
  read: (body) => itemsOf(body).map(readOne),
}
