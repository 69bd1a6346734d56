import { mapLevel, NIGHTINGALE_LEVELS } from '../levels'
import { stringMap } from '../model'
import { isRecord, str } from '../normalize'
import { isTrueFlag } from '../recovery'
import { readTags } from '../tags'
import { draftOf, itemsOf, pick } from './draft'
import { SourceError } from './source-errors'
import { listScore, type SenderReader } from './reader'

const MARKS = [
  'severity',
  'trigger_time',
  'target_ident',
  'is_recovered',
  'rule_prod',
  'trigger_value',
  'rule_note',
  'hash',
  'first_trigger_time',
  'last_eval_time',
]

function score(o: unknown): number {
  if (!isRecord(o) || typeof o.rule_name !== 'string') return 0
  const marks = MARKS.filter((k) => k in o).length
  return marks >= 2 ? 0.95 : marks === 1 ? 0.8 : 0.3
}

/**
 * Nightingale (n9e) v5–v8 callbacks: one event object (or a list), `severity` 1–3,
 * `is_recovered` true/1 when over, epoch-second times, tags as `k=v` strings and `tags_map`.
 */
function readOne(o: unknown) {
  if (!isRecord(o) || typeof o.rule_name !== 'string')
    throw new SourceError('The body is not a Nightingale event: it needs rule_name.')
  const tags = { ...readTags(o.tags), ...readTags(o.tags_map) }
  const annotations = stringMap(o.annotations)
  const recovered = isTrueFlag(o.is_recovered)
  const value = pick(o, 'trigger_value', 'trigger_values')
  const group = pick(o, 'group_name')
  return draftOf({
    source: 'nightingale',
    status: recovered ? 'resolved' : 'firing',
    name: pick(o, 'rule_name'),
    fallbackName: 'Nightingale alert',
    level: mapLevel(str(o.severity), NIGHTINGALE_LEVELS),
    target: pick(o, 'target_ident') ?? tags.ident ?? tags.instance ?? tags.host,
    summary: annotations.summary ?? pick(o, 'rule_note'),
    description: annotations.description,
    value,
    startedAt: o.first_trigger_time || o.trigger_time,
    resolvedAt: o.recover_time || o.last_eval_time,
    url: pick(o, 'runbook_url') ?? annotations.runbook_url,
    id: pick(o, 'id'),
    statusRaw: recovered ? 'recovered' : 'triggered',
    fingerprint: pick(o, 'hash') ? `n9e-${pick(o, 'hash')}` : undefined,
    labels: { ...tags, ...(group ? { group: group } : {}) },
    annotations,
    facts: {
      condition: pick(o, 'prom_ql'),
      type: pick(o, 'rule_prod'),
      data: pick(o, 'target_note'),
    },
    vars: { nightingale_group: group, nightingale_cate: pick(o, 'cate') },
    raw: o,
  })
}

export const nightingale: SenderReader = {
  name: 'nightingale',
  needs: 'rule_name (and severity, trigger_time or target_ident)',
  score: (body) => listScore(body, score),
  read: (body) => itemsOf(body).map(readOne),
}
