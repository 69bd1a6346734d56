import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { writeFileAtomic, writeFileAtomicSync } from '../../../electron/core/files/atomic-write'

const dirs: string[] = []
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), 'relay-atomic-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe.each([
  ['writeFileAtomic', (f: string, d: string) => writeFileAtomic(f, d)],
  ['writeFileAtomicSync', async (f: string, d: string) => writeFileAtomicSync(f, d)],
])('%s', (_name, write) => {
  it('replaces the file whole, owner-only, and leaves no temporary file beside it', async () => {
    const dir = folder()
    const file = join(dir, 'state.json')
    writeFileSync(file, '{"old":true}')
    await write(file, '{"new":true}')
    expect(readFileSync(file, 'utf8')).toBe('{"new":true}')
    expect(readdirSync(dir)).toEqual(['state.json'])
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('writes over a temporary file a crash left behind', async () => {
    const dir = folder()
    const file = join(dir, 'state.json')
    writeFileSync(`${file}.tmp`, '{"half')
    await write(file, '{"whole":1}')
    expect(readFileSync(file, 'utf8')).toBe('{"whole":1}')
    expect(readdirSync(dir)).toEqual(['state.json'])
  })

  it('fails with the cause, keeps what was there and removes its temporary file', async () => {
    const dir = folder()
    // A folder where the file should be: the rename cannot replace it.
    const file = join(dir, 'state.json')
    mkdirSync(file)
    writeFileSync(join(file, 'inside'), 'kept')
    await expect(write(file, '{}')).rejects.toThrow(/EISDIR|EPERM|ENOTEMPTY|EEXIST/)
    expect(readFileSync(join(file, 'inside'), 'utf8')).toBe('kept')
    expect(readdirSync(dir)).toEqual(['state.json'])
  })
})

it('writes pieces in order (a large state handed over as buffers)', async () => {
  const dir = folder()
  const file = join(dir, 'oncall.json')
  const pieces = Array.from({ length: 3000 }, (_, i) => Buffer.from(`${i},`))
  await writeFileAtomic(file, pieces)
  expect(readFileSync(file, 'utf8')).toBe(pieces.map((b) => b.toString()).join(''))
})
