import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JsonlWriter } from '../../../electron/core/history/jsonl-writer'
import { tempDir } from '../../helpers/servers'

describe('the history writer (group commit)', () => {
  it('hundreds of concurrent appends: every line on disk once, each told the offset where it is, in file order', async () => {
    const path = join(tempDir('relay-writer-'), 'segment.jsonl')
    const w = await JsonlWriter.open(path)
    const told: Array<{ n: number; offset: number }> = []
    await Promise.all(
      Array.from({ length: 300 }, (_, n) =>
        w.append([JSON.stringify({ n, pad: 'x'.repeat(n % 37) })], (offset) =>
          told.push({ n, offset }),
        ),
      ),
    )
    await w.close()
    const text = readFileSync(path, 'utf8')
    const lines = text.trimEnd().split('\n')
    expect(lines).toHaveLength(300)
    expect(new Set(lines.map((l) => (JSON.parse(l) as { n: number }).n)).size).toBe(300)
    // Offsets arrive in file order and each points at its own line.
    expect(told.map((t) => t.offset)).toEqual([...told.map((t) => t.offset)].sort((a, b) => a - b))
    const buf = readFileSync(path)
    for (const { n, offset } of told) {
      const end = buf.indexOf(0x0a, offset)
      expect((JSON.parse(buf.subarray(offset, end).toString('utf8')) as { n: number }).n).toBe(n)
    }
    expect(w.size).toBe(buf.length)
  })

  it('appends to what is there and cuts a torn last line first', async () => {
    const path = join(tempDir('relay-writer-'), 'segment.jsonl')
    writeFileSync(path, '{"a":1}\n{"torn":')
    const w = await JsonlWriter.open(path)
    await Promise.all([w.append(['{"b":2}']), w.append(['{"c":3}']), w.append(['{"d":4}'])])
    await w.close()
    expect(readFileSync(path, 'utf8').split('\n').slice(0, 2)).toEqual(['{"a":1}', '{"b":2}'])
    expect(readFileSync(path, 'utf8')).not.toContain('torn')
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(4)
  })

  // /dev/full (every write fails with ENOSPC) is Linux's.
  it.skipIf(process.platform !== 'linux')(
    'a full disk refuses every batch, and the writer takes appends again afterwards',
    async () => {
      const w = await JsonlWriter.open('/dev/full')
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, n) => w.append([JSON.stringify({ n })])),
      )
      expect(results.every((r) => r.status === 'rejected')).toBe(true)
      expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'ENOSPC' })
      // Not stuck: a later append is tried (and refused) too, instead of waiting forever.
      await expect(w.append(['{"later":true}'])).rejects.toMatchObject({ code: 'ENOSPC' })
      await w.close()
    },
  )
})
