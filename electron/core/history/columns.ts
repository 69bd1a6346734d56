/** The typed arrays the index is built of: one number per alert, 1 to 8 bytes each. */
export type ColumnKind = 'u8' | 'u32' | 'i32' | 'f64'
type Typed = Uint8Array | Uint32Array | Int32Array | Float64Array

const CTORS = {
  u8: Uint8Array,
  u32: Uint32Array,
  i32: Int32Array,
  f64: Float64Array,
} as const

function alloc(kind: ColumnKind, n: number): Typed {
  return new CTORS[kind](n)
}

/**
 * A growable typed array: the index keeps each field of every alert in one of these (columns),
 * which costs a few bytes per alert instead of an object with strings.
 */
export class Column {
  data: Typed
  length = 0

  constructor(
    readonly kind: ColumnKind,
    capacity = 1024,
  ) {
    this.data = alloc(kind, Math.max(16, capacity))
  }

  push(v: number): number {
    if (this.length === this.data.length) this.#grow(this.length * 2)
    this.data[this.length] = v
    return this.length++
  }

  /** Inserts at `i`, shifting what follows (alerts committed slightly out of order). */
  insert(i: number, v: number): void {
    if (this.length === this.data.length) this.#grow(this.length * 2)
    this.data.copyWithin(i + 1, i, this.length)
    this.data[i] = v
    this.length++
  }

  /** Keeps only the given positions, in order (each `keep[j] >= j`, so it works in place). */
  keep(keep: Uint32Array, n: number): void {
    const d = this.data
    for (let j = 0; j < n; j++) d[j] = d[keep[j]!]!
    this.length = n
  }

  /** The used part, as bytes (for the snapshot). */
  bytes(): Uint8Array {
    return new Uint8Array(
      this.data.buffer,
      this.data.byteOffset,
      this.length * this.data.BYTES_PER_ELEMENT,
    )
  }

  /** A column from snapshot bytes (copied: the source need not be aligned). */
  static fromBytes(kind: ColumnKind, bytes: Uint8Array): Column {
    const size = CTORS[kind].BYTES_PER_ELEMENT
    const n = bytes.length / size
    const c = new Column(kind, Math.ceil(n * 1.25) + 1024)
    new Uint8Array(c.data.buffer).set(bytes)
    c.length = n
    return c
  }

  #grow(n: number): void {
    const next = alloc(this.kind, n)
    next.set(this.data as never)
    this.data = next
  }
}

/** Strings stored once and referred to by number (levels, channels, search text). */
export class Interner {
  readonly values: string[]
  #map?: Map<string, number>

  constructor(values: string[] = []) {
    this.values = values
  }

  /** Built on first use, not at start: a start from a snapshot need not pay for it. */
  get #ids(): Map<string, number> {
    if (!this.#map) {
      this.#map = new Map()
      for (let i = 0; i < this.values.length; i++) this.#map.set(this.values[i]!, i)
    }
    return this.#map
  }

  id(value: string): number {
    const ids = this.#ids
    let id = ids.get(value)
    if (id === undefined) {
      id = this.values.length
      this.values.push(value)
      ids.set(value, id)
    }
    return id
  }

  /** The id of a known string, or -1. */
  find(value: string): number {
    return this.#ids.get(value) ?? -1
  }
}
