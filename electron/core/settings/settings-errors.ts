import type { z } from 'zod'
import { identifyCoreText, type CoreText } from '../text/core-text'
import type { CoreCode } from '../text/text-registry'

/**
 * One problem with a settings value, with the path a person can find it by (`channels[0].proxy`).
 * `code` and `params` name the sentence in the core's registry (text/text-registry.ts), so a client can
 * word it in its own language; `message` is the English.
 */
export interface FieldError {
  path: string
  message: string
  code?: CoreCode
  params?: Record<string, string>
  /** Parameters that are sentences of their own, by their code. */
  nested?: Record<string, CoreText>
}

/** A field error carrying a sentence's code and parameters. */
export function fieldError(path: string, said: CoreText): FieldError {
  return {
    path,
    message: said.text,
    ...(said.code ? { code: said.code } : {}),
    ...(said.params ? { params: said.params } : {}),
    ...(said.nested ? { nested: said.nested } : {}),
  }
}

/** A custom zod issue that carries its sentence, code and all (`toFieldErrors` reads it back). */
export const issueOf = (said: CoreText) =>
  ({ code: 'custom', message: said.text, params: { said } }) as const

/** Messages given to zod's own checks, by their English: each written once with `say`. */
const ZOD_MESSAGES = new Map<string, CoreText>()

/** The message of one of zod's own checks (min, max, enum…), remembered with its code. */
export function zodMessage(said: CoreText): string {
  ZOD_MESSAGES.set(said.text, said)
  return said.text
}

/**
 * A field error with its sentence's code: carried by the issue, or remembered from `zodMessage`;
 * zod's generic wording ("must be text", completed with "This value … .") is found by the
 * registry's templates.
 */
function withCode(e: { path: string; message: string }, said?: CoreText): FieldError {
  const known = said ?? ZOD_MESSAGES.get(e.message)
  // The message keeps the full stop `toFieldError` gives a sentence that ends on a URL.
  if (known) return { ...fieldError(e.path, known), message: e.message }
  const { code, params } = identifyCoreText(e.message)
  return code ? { ...e, code, ...(params && Object.keys(params).length ? { params } : {}) } : e
}

export class SettingsError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n'))
    this.name = 'SettingsError'
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out ? `.${String(part)}` : String(part)
  }
  return out
}

/** zod issues → sentences a person understands, each with the path of the field. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) =>
    withCode(
      toFieldError(issue),
      issue.code === 'custom' ? (issue.params?.said as CoreText | undefined) : undefined,
    ),
  )
}

function toFieldError(issue: z.core.$ZodIssue): FieldError {
  const path = formatPath(issue.path)
  if (issue.code === 'unrecognized_keys') {
    return {
      path,
      message: `Unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove ${issue.keys.length > 1 ? 'them' : 'it'} or check the spelling.`,
    }
  }
  let message = issue.message
  if (issue.code === 'invalid_type' && issue.input === undefined)
    message = 'is required but missing.'
  if (!/[.!?]$/.test(message)) message += '.'
  return {
    path,
    message: /^[a-z]/.test(message) ? `${path ? 'This value ' : 'The value '}${message}` : message,
  }
}
