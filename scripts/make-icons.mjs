// Generates the tray and app icons (PNG, macOS template PNG, ICO) into resources/.
// Run after changing colours: node scripts/make-icons.mjs. The output is committed.
import { mkdirSync, writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const out = new URL('../resources/', import.meta.url)
mkdirSync(new URL('tray/', out), { recursive: true })

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
/** RGBA pixels from a function (x, y) → [r, g, b, a]. */
function png(size, pixel) {
  const rows = []
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4)
    for (let x = 0; x < size; x++) row.set(pixel(x, y), 1 + x * 4)
    rows.push(row)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
function ico(images) {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  let offset = 6 + 16 * images.length
  const entries = images.map(({ size, data }) => {
    const e = Buffer.alloc(16)
    e[0] = size >= 256 ? 0 : size
    e[1] = size >= 256 ? 0 : size
    e.writeUInt16LE(1, 4)
    e.writeUInt16LE(32, 6)
    e.writeUInt32LE(data.length, 8)
    e.writeUInt32LE(offset, 12)
    offset += data.length
    return e
  })
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)])
}
const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16))
/** A bell-like dot: a disc with a ring, anti-aliased; `mark` draws the state symbol inside. */
function dot(size, rgb, mark) {
  const c = (size - 1) / 2
  const r = size * 0.44
  return png(size, (x, y) => {
    const d = Math.hypot(x - c, y - c)
    const edge = Math.max(0, Math.min(1, r - d + 0.5))
    if (edge <= 0) return [0, 0, 0, 0]
    const inner = mark(x / size, y / size)
    const [R, G, B] = inner ? [255, 255, 255] : rgb
    return [R, G, B, Math.round(255 * edge)]
  })
}
const marks = {
  ok: (x, y) =>
    Math.abs(y - (x < 0.45 ? 0.55 + (x - 0.3) : 0.7 - (x - 0.45) * 1.1)) < 0.07 &&
    x > 0.28 &&
    x < 0.74,
  sending: (x, y) => Math.abs(y - 0.5) < 0.07 && x > 0.28 && x < 0.72,
  failing: (x, y) =>
    (Math.abs(x - 0.5) < 0.07 && y > 0.25 && y < 0.6) || Math.hypot(x - 0.5, y - 0.72) < 0.07,
  paused: (x, y) => (Math.abs(x - 0.4) < 0.06 || Math.abs(x - 0.6) < 0.06) && y > 0.3 && y < 0.7,
}
const colours = { ok: '#07c160', sending: '#3b7cf5', failing: '#fa5151', paused: '#8c8c8c' }
for (const [state, colour] of Object.entries(colours)) {
  const small = dot(16, hex(colour), marks[state])
  const big = dot(32, hex(colour), marks[state])
  writeFileSync(new URL(`tray/tray-${state}.png`, out), small)
  writeFileSync(new URL(`tray/tray-${state}@2x.png`, out), big)
  writeFileSync(
    new URL(`tray/tray-${state}.ico`, out),
    ico([
      { size: 16, data: small },
      { size: 32, data: big },
    ]),
  )
  // macOS template images: black with alpha; the system colours them for the menu bar.
  writeFileSync(new URL(`tray/tray-${state}Template.png`, out), dot(16, [0, 0, 0], marks[state]))
  writeFileSync(new URL(`tray/tray-${state}Template@2x.png`, out), dot(32, [0, 0, 0], marks[state]))
}
const appIcon = (size) =>
  dot(
    size,
    hex('#3b7cf5'),
    (x, y) =>
      (Math.abs(x - 0.5) < 0.18 && y > 0.3 && y < 0.62) ||
      (Math.abs(y - 0.62) < 0.04 && Math.abs(x - 0.5) < 0.26) ||
      Math.hypot(x - 0.5, y - 0.7) < 0.05,
  )
writeFileSync(new URL('icon.png', out), appIcon(512))
writeFileSync(
  new URL('icon.ico', out),
  ico([16, 32, 48, 256].map((size) => ({ size, data: appIcon(size) }))),
)
console.log('icons written to resources/')
