import { Column, Interner, type ColumnKind } from './columns'
import {
  DELIVERY_STATES,
  type AlertRecord,
  type DeliveryRecord,
  type DeliveryState,
} from './records'

/** Where a record's line is: segment number, byte offset, byte length (without the newline). */
export interface Loc {
  seg: number
  off: number
  len: number
}

/** Search text kept per field, lower-cased; longer fields are checked on disk (flag TRUNCATED). */
export const TEXT_CAP = 300
export const RESOLVED = 1
export const PENDING = 2
export const TRUNCATED = 4
const NONE = 0xffffffff

export const stateCode = (s: DeliveryState): number => DELIVERY_STATES.indexOf(s)
export const stateName = (c: number): DeliveryState => DELIVERY_STATES[c]!
const PENDING_CODE = stateCode('pending')

/** Per alert. */
const ALERT_COLUMNS = {
  time: 'f64',
  flags: 'u8',
  level: 'u32',
  source: 'u8',
  name: 'u32',
  target: 'u32',
  summary: 'u32',
  description: 'u32',
  seg: 'u32',
  off: 'u32',
  len: 'u32',
  slotHead: 'i32',
  linkHead: 'i32',
} as const satisfies Record<string, ColumnKind>
/** Per alert × channel: its latest state and where its latest delivery record is (len 0: none). */
const SLOT_COLUMNS = {
  chan: 'u32',
  state: 'u8',
  /** When it got that state (epoch ms): the delivery record's time, else the alert's. */
  at: 'f64',
  seg: 'u32',
  off: 'u32',
  len: 'u32',
  next: 'i32',
} as const satisfies Record<string, ColumnKind>
/** Per alert × attempt: where the attempt record is. */
const LINK_COLUMNS = {
  seg: 'u32',
  off: 'u32',
  len: 'u32',
  next: 'i32',
} as const satisfies Record<string, ColumnKind>

type Cols<T extends Record<string, ColumnKind>> = { [K in keyof T]: Column }
const make = <T extends Record<string, ColumnKind>>(spec: T): Cols<T> =>
  Object.fromEntries(Object.entries(spec).map(([k, kind]) => [k, new Column(kind)])) as Cols<T>

/** What a snapshot holds of the index. */
export interface IndexImage {
  ids: string[]
  strings: { channels: string[]; levels: string[]; sources: string[]; texts: string[] }
  columns: Record<string, Uint8Array>
}

/**
 * The history's in-memory index: what queries filter on, in columns (typed arrays and interned
 * strings), sorted by alert id (= arrival), and where each record is on disk. Details are read
 * from the segments by offset, so memory grows by about a hundred bytes per alert.
 */
export class AlertIndex {
  ids: string[] = []
  a = make(ALERT_COLUMNS)
  s = make(SLOT_COLUMNS)
  l = make(LINK_COLUMNS)
  channels = new Interner()
  levels = new Interner()
  sources = new Interner()
  texts = new Interner()

  get size(): number {
    return this.ids.length
  }

  /** Position of an id, or -1 (binary search: ids sort by arrival). */
  find(id: string): number {
    const ids = this.ids
    let lo = 0
    let hi = ids.length
    // Most lookups are for the newest alerts.
    if (hi && ids[hi - 1] === id) return hi - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (ids[mid]! < id) lo = mid + 1
      else hi = mid
    }
    return lo < ids.length && ids[lo] === id ? lo : -1
  }

  /** First position received at or after `ms`. */
  firstAtOrAfter(ms: number): number {
    const t = this.a.time.data
    let lo = 0
    let hi = this.size
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (t[mid]! < ms) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  #text(value: string | undefined): [number, boolean] {
    const v = (value ?? '').toLowerCase()
    return v.length > TEXT_CAP
      ? [this.texts.id(v.slice(0, TEXT_CAP)), true]
      : [this.texts.id(v), false]
  }

  /** Adds an alert; false if its id is already there. */
  addAlert(r: AlertRecord, loc: Loc): boolean {
    const alert = r.alert
    const id = alert.id
    const n = this.size
    let at = n
    if (n && this.ids[n - 1]! >= id) {
      at = this.find(id) === -1 ? this.#insertionPoint(id) : -1
      if (at === -1) return false
    }
    const v = alert.vars ?? {}
    const [name, t1] = this.#text(v.alarm_name)
    const [target, t2] = this.#text(v.alarm_target)
    const [summary, t3] = this.#text(v.alarm_summary)
    const [description, t4] = this.#text(v.alarm_description)
    const flags =
      (alert.status === 'resolved' ? RESOLVED : 0) | (t1 || t2 || t3 || t4 ? TRUNCATED : 0)
    const row = [
      Date.parse(alert.receivedAt),
      flags,
      v.alarm_level === undefined ? NONE : this.levels.id(v.alarm_level),
      this.sources.id(String(alert.source)),
      name,
      target,
      summary,
      description,
      loc.seg,
      loc.off,
      loc.len,
      -1,
      -1,
    ]
    const cols = this.#columnList()
    if (at === n) {
      this.ids.push(id)
      for (let k = 0; k < cols.length; k++) cols[k]!.push(row[k]!)
    } else {
      this.ids.splice(at, 0, id)
      for (let k = 0; k < cols.length; k++) cols[k]!.insert(at, row[k]!)
    }
    for (const c of r.targets ?? []) this.setSlot(at, c, PENDING_CODE)
    for (const sk of r.skipped ?? []) this.setSlot(at, sk.channel, stateCode('skipped'))
    return true
  }

  /** The alert columns in ALERT_COLUMNS order (the row above follows it). */
  #columnList(): Column[] {
    const a = this.a
    return [
      a.time,
      a.flags,
      a.level,
      a.source,
      a.name,
      a.target,
      a.summary,
      a.description,
      a.seg,
      a.off,
      a.len,
      a.slotHead,
      a.linkHead,
    ]
  }

  #insertionPoint(id: string): number {
    let i = this.size
    while (i > 0 && this.ids[i - 1]! > id) i--
    return i
  }

  /** Sets one channel's state of alert `i` (and where its delivery record is). */
  setSlot(i: number, channel: string, state: number, loc?: Loc, at?: number): void {
    const chan = this.channels.id(channel)
    const s = this.s
    let slot = this.a.slotHead.data[i]!
    while (slot !== -1 && s.chan.data[slot] !== chan) slot = s.next.data[slot]!
    if (slot === -1) {
      slot = s.chan.push(chan)
      s.state.push(state)
      s.at.push(at ?? this.a.time.data[i]!)
      s.seg.push(0)
      s.off.push(0)
      s.len.push(0)
      s.next.push(this.a.slotHead.data[i]!)
      this.a.slotHead.data[i] = slot
    } else {
      s.state.data[slot] = state
      if (at !== undefined) s.at.data[slot] = at
    }
    if (loc) {
      s.seg.data[slot] = loc.seg
      s.off.data[slot] = loc.off
      s.len.data[slot] = loc.len
    }
    this.#updatePending(i)
  }

  setDelivery(r: DeliveryRecord, loc: Loc): void {
    const i = this.find(r.alertId)
    const code = stateCode(r.state)
    if (i !== -1 && code !== -1) this.setSlot(i, r.channel, code, loc, Date.parse(r.at))
  }

  addAttempt(alertIds: string[], loc: Loc): void {
    for (const id of alertIds ?? []) {
      const i = this.find(id)
      if (i === -1) continue
      this.l.seg.push(loc.seg)
      this.l.off.push(loc.off)
      this.l.len.push(loc.len)
      this.a.linkHead.data[i] = this.l.next.push(this.a.linkHead.data[i]!)
    }
  }

  #updatePending(i: number): void {
    let pending = false
    for (let slot = this.a.slotHead.data[i]!; slot !== -1; slot = this.s.next.data[slot]!)
      if (this.s.state.data[slot] === PENDING_CODE) pending = true
    const f = this.a.flags.data
    f[i] = pending ? f[i]! | PENDING : f[i]! & ~PENDING
  }

  isPending(i: number): boolean {
    return (this.a.flags.data[i]! & PENDING) !== 0
  }

  /** Slots of alert `i`, oldest first. */
  slots(i: number): number[] {
    const out: number[] = []
    for (let slot = this.a.slotHead.data[i]!; slot !== -1; slot = this.s.next.data[slot]!)
      out.push(slot)
    return out.reverse()
  }

  /** Attempt locations of alert `i`, oldest first. */
  links(i: number): Loc[] {
    const out: Loc[] = []
    const l = this.l
    for (let k = this.a.linkHead.data[i]!; k !== -1; k = l.next.data[k]!)
      out.push({ seg: l.seg.data[k]!, off: l.off.data[k]!, len: l.len.data[k]! })
    return out.reverse()
  }

  loc(i: number): Loc {
    return { seg: this.a.seg.data[i]!, off: this.a.off.data[i]!, len: this.a.len.data[i]! }
  }

  /**
   * Keeps only the alerts at the given positions (ascending): retention. Slots, attempt links and
   * search strings are rebuilt, so nothing of a dropped alert stays in memory.
   */
  keep(keep: Uint32Array, n: number): void {
    const old = { s: this.s, l: this.l, texts: this.texts }
    this.ids = Array.from(keep.subarray(0, n), (i) => this.ids[i]!)
    for (const c of Object.values(this.a)) c.keep(keep, n)
    this.s = make(SLOT_COLUMNS)
    this.l = make(LINK_COLUMNS)
    this.texts = new Interner()
    const textCols = [this.a.name, this.a.target, this.a.summary, this.a.description]
    for (let i = 0; i < n; i++) {
      for (const c of textCols) c.data[i] = this.texts.id(old.texts.values[c.data[i]!]!)
      const slots: number[] = []
      for (let k = this.a.slotHead.data[i]!; k !== -1; k = old.s.next.data[k]!) slots.push(k)
      let head = -1
      for (const k of slots.reverse()) {
        this.s.chan.push(old.s.chan.data[k]!)
        this.s.state.push(old.s.state.data[k]!)
        this.s.at.push(old.s.at.data[k]!)
        this.s.seg.push(old.s.seg.data[k]!)
        this.s.off.push(old.s.off.data[k]!)
        this.s.len.push(old.s.len.data[k]!)
        head = this.s.next.push(head)
      }
      this.a.slotHead.data[i] = head
      const links: number[] = []
      for (let k = this.a.linkHead.data[i]!; k !== -1; k = old.l.next.data[k]!) links.push(k)
      head = -1
      for (const k of links.reverse()) {
        this.l.seg.push(old.l.seg.data[k]!)
        this.l.off.push(old.l.off.data[k]!)
        this.l.len.push(old.l.len.data[k]!)
        head = this.l.next.push(head)
      }
      this.a.linkHead.data[i] = head
    }
  }

  image(): IndexImage {
    const columns: Record<string, Uint8Array> = {}
    for (const [group, cols] of [
      ['a', this.a],
      ['s', this.s],
      ['l', this.l],
    ] as const)
      for (const [k, c] of Object.entries(cols)) columns[`${group}.${k}`] = c.bytes()
    return {
      ids: this.ids,
      strings: {
        channels: this.channels.values,
        levels: this.levels.values,
        sources: this.sources.values,
        texts: this.texts.values,
      },
      columns,
    }
  }

  static fromImage(img: IndexImage): AlertIndex {
    const x = new AlertIndex()
    x.ids = img.ids
    x.channels = new Interner(img.strings.channels)
    x.levels = new Interner(img.strings.levels)
    x.sources = new Interner(img.strings.sources)
    x.texts = new Interner(img.strings.texts)
    const load = <T extends Record<string, ColumnKind>>(group: string, spec: T): Cols<T> =>
      Object.fromEntries(
        Object.entries(spec).map(([k, kind]) => {
          const bytes = img.columns[`${group}.${k}`]
          if (!bytes) throw new Error(`the snapshot has no column ${group}.${k}`)
          return [k, Column.fromBytes(kind, bytes)]
        }),
      ) as Cols<T>
    x.a = load('a', ALERT_COLUMNS)
    x.s = load('s', SLOT_COLUMNS)
    x.l = load('l', LINK_COLUMNS)
    for (const c of Object.values(x.a))
      if (c.length !== x.ids.length) throw new Error('the snapshot columns disagree')
    return x
  }
}
