// Generates the alert sound (a two-tone chime, 0.7 s, 16-bit mono WAV) into resources/sounds/.
// Run after changing it: node scripts/make-sound.mjs. The output is committed; the window plays it.
import { mkdirSync, writeFileSync } from 'node:fs'

const RATE = 22_050
/** [frequency Hz, start s, length s]: a rising fourth, loud enough to wake, short enough not to annoy. */
const NOTES = [
  [880, 0, 0.3],
  [1174.66, 0.28, 0.42],
]
const length = Math.ceil(RATE * Math.max(...NOTES.map(([, s, l]) => s + l)))
const samples = new Float64Array(length)
for (const [f, start, len] of NOTES) {
  const first = Math.floor(start * RATE)
  const n = Math.floor(len * RATE)
  for (let i = 0; i < n; i++) {
    const t = i / RATE
    // Fast attack, exponential decay, a touch of the octave for a bell-like tone.
    const env = Math.min(1, i / (0.005 * RATE)) * Math.exp(-4 * t)
    samples[first + i] +=
      env * (0.6 * Math.sin(2 * Math.PI * f * t) + 0.2 * Math.sin(4 * Math.PI * f * t))
  }
}
const data = Buffer.alloc(length * 2)
samples.forEach((s, i) =>
  data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32_000), i * 2),
)
const header = Buffer.alloc(44)
header.write('RIFF', 0)
header.writeUInt32LE(36 + data.length, 4)
header.write('WAVEfmt ', 8)
header.writeUInt32LE(16, 16) // PCM chunk size
header.writeUInt16LE(1, 20) // PCM
header.writeUInt16LE(1, 22) // mono
header.writeUInt32LE(RATE, 24)
header.writeUInt32LE(RATE * 2, 28)
header.writeUInt16LE(2, 32)
header.writeUInt16LE(16, 34)
header.write('data', 36)
header.writeUInt32LE(data.length, 40)
const out = new URL('../resources/sounds/', import.meta.url)
mkdirSync(out, { recursive: true })
writeFileSync(new URL('alert.wav', out), Buffer.concat([header, data]))
