import { HERTZBEAT_LEVELS, levelFromTags, mapLevel } from '../levels'
import { stringMap } from '../model'
import { isRecord, str } from '../normalize'
import { isResolvedWord } from '../recovery'
import { readTags } from '../tags'
import { draftOf, headline, pick } from './draft'
import { SourceError } from './source-errors'
import { listScore, type SenderReader } from './reader'

function scoreOne(o: unknown): number {
  if (!isRecord(o)) return 0
  if ('alertDefineId' in o) return 0.97
  if (
    typeof o.content === 'string' &&
    'priority' in o &&
    ('tag' in o || 'tags' in o) &&
    'target' in o
  )
    return 0.9
  if (typeof o.content === 'string' && 'triggerTimes' in o) return 0.9
  return 0
}

function score(body: unknown): number {
  if (isRecord(body) && Array.isArray(body.alerts) && body.alerts.length)
    return body.alerts.every((a) => isRecord(a) && 'triggerTimes' in a) ? 0.97 : 0
  return listScore(body, scoreOne)
}

/**
 * Apache HertzBeat: the 1.x webhook (`priority` 0 emergency / 1 critical / 2 warning, `status` 0
 * firing / 2 recovered, `content`, `tag(s).monitorName`, `gmtCreate`), and the newer alerts with
 * `labels`, `annotations`, `content`, `status` firing/resolved, `triggerTimes`, ms times, alone or
 * grouped under `alerts`.
 */
function readOne(o: unknown, common: Record<string, string> = {}) {
  if (!isRecord(o)) throw new SourceError('The body is not a HertzBeat alert.')
  const tags = { ...common, ...readTags(o.tags), ...readTags(o.tag), ...stringMap(o.labels) }
  const annotations = stringMap(o.annotations)
  const statusWord = str(o.status)?.trim()
  const resolved = statusWord === '2' || isResolvedWord(statusWord)
  const content = pick(o, 'content')
  const monitor = tags.monitorName ?? tags.instance ?? tags.host
  return draftOf({
    source: 'hertzbeat',
    status: resolved ? 'resolved' : 'firing',
    name: tags.alertname ?? headline(content),
    fallbackName: 'HertzBeat alert',
    level: mapLevel(str(o.priority) ?? levelFromTags(tags), HERTZBEAT_LEVELS),
    target:
      monitor && tags.monitorId && !monitor.includes(tags.monitorId)
        ? `${monitor} (${tags.monitorId})`
        : monitor,
    summary: annotations.summary ?? content,
    description: annotations.description ?? (annotations.summary ? content : undefined),
    startedAt: o.firstAlarmTime ?? o.firstTriggerTime ?? o.startAt ?? o.activeAt ?? o.gmtCreate,
    resolvedAt: o.endAt ?? o.lastAlarmTime ?? o.gmtUpdate,
    id: pick(o, 'id', 'fingerprint'),
    statusRaw: statusWord,
    labels: Object.fromEntries(
      Object.entries(tags).filter(([k]) => k !== 'monitorName' && k !== 'monitorId'),
    ),
    annotations,
    facts: {
      metric: pick(o, 'target'),
      data: pick(o, 'times', 'triggerTimes') ? `${pick(o, 'times', 'triggerTimes')}×` : undefined,
    },
    raw: o,
  })
}

function read(body: unknown) {
  if (isRecord(body) && Array.isArray(body.alerts)) {
    const common = { ...stringMap(body.commonLabels), ...stringMap(body.groupLabels) }
    return body.alerts.map((a) => readOne(a, common))
  }
  return (Array.isArray(body) ? body : [body]).map((a) => readOne(a))
}

export const hertzbeat: SenderReader = {
  name: 'hertzbeat',
  needs: 'content with priority and tags (1.x) or triggerTimes (newer)',
  score,
  read,
}
