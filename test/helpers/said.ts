import { expect } from 'vitest'

/** Matches a sentence the core said (a `CoreText`) by its English, whatever its code. */
export const saying = (text: unknown) => expect.objectContaining({ text })
