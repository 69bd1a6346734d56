import type { MessageFormat } from './formats'

/**
 * Makes an alert value safe to insert into a WeCom message, without any character the reader
 * would see as an escape.
 *
 * WeCom's text and Markdown (v1) honour no escape syntax: a backslash or an `&lt;` entity is shown
 * to the reader as written (`\[故障\]`, `&lt;no value&gt;`). So instead of escaping, the few
 * characters that could start markup are swapped for look-alikes that no parser treats as markup,
 * and only where they would act:
 *
 * | what | where | becomes |
 * |---|---|---|
 * | line breaks (LF, CR, U+2028/9, NEL) | every format | ` / ` (a value never adds a line) |
 * | other control characters | every format | removed |
 * | `<` before `@` (a mention) | text | `＜` U+FF1C |
 * | `<` before `@`, a letter, `/` or `!` (mentions, `<font>`, HTML) | Markdown | `＜` U+FF1C |
 * | `]` without a `[` before it in the value (it would end the template's link text) | Markdown | `］` U+FF3D |
 * | `*` | Markdown | `∗` U+2217 |
 * | `` ` `` | Markdown | `ˋ` U+02CB |
 * | `~` | Markdown | `∼` U+223C |
 * | `_` in a run of two or more (`__bold__`); in v2 also a lone `_` at a word edge | Markdown | `＿` U+FF3F |
 * | `(` right after `]` (a link) | Markdown | `（` U+FF08 |
 * | `#`, `>` at the start of the value (heading, quote) | Markdown | `＃`, `＞` |
 * | `-`, `+`, `1.` followed by a space at the start (lists), `|` (tables), `![` (images) | Markdown v2 | `‐`, `＋`, `1．`, `∣`, `ǃ[` |
 *
 * A value that is a plain http(s) URL is percent-encoded instead (where a URL allows it), so it
 * still works as a link target: `(`, `)`, `*`, `~`, `` ` ``, `<`, `>`, `[`, `]`, spaces and runs
 * of `_`.
 */
export function escapeValue(value: string, format: MessageFormat): string {
  // Most values (names, hosts, numbers) hold nothing any rule below acts on: they go out as they
  // are, without a dozen passes over them. A link is still encoded.
  if (!ACTS[format].test(value) && !(format !== 'text' && /^https?:\/\//i.test(value))) return value
  return neutralise(value, format)
}

/**
 * Every character some rule of `neutralise` acts on, per format: a value with none of them is
 * left as it is (a property test holds the two together).
 */
const ACTS: Record<MessageFormat, RegExp> = {
  // eslint-disable-next-line no-control-regex
  text: /[\u0000-\u001f\u007f\u0085\u2028\u2029<]/,
  // eslint-disable-next-line no-control-regex
  markdown: /[\u0000-\u001f\u007f\u0085\u2028\u2029<\]*`~_#>]/,
  // eslint-disable-next-line no-control-regex
  markdown_v2: /[\u0000-\u001f\u007f\u0085\u2028\u2029<\]*`~_#>|\-+.!]/,
}

/** The full set of rules (`escapeValue` skips it for a value none of them would change). */
export function neutralise(value: string, format: MessageFormat): string {
  // Control characters are exactly what this must find, so the lint rule is off for these two.
  let v = value
    // A value that ends (or starts) with a line break leaves no dangling " / " on its line.
    .replace(
      /^[\s\u0085]*[\n\r\u2028\u2029\u0085][\s\u0085]*|[\s\u0085]*[\n\r\u2028\u2029\u0085][\s\u0085]*$/g,
      '',
    )
    // eslint-disable-next-line no-control-regex
    .replace(/\r\n|[\n\r\u2028\u2029\u0085\u000b\u000c]+/g, ' / ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '')
  if (format !== 'text' && /^https?:\/\/\S+$/i.test(v)) return encodeUrlValue(v)
  // Text shows tags as written; only a mention (`<@userid>`) would act there.
  if (format === 'text') return v.replace(/<(?=@)/g, '＜')
  v = closeBrackets(v.replace(/<(?=[@A-Za-z/!])/g, '＜'))
    .replace(/\*/g, '∗')
    .replace(/`/g, 'ˋ')
    .replace(/~/g, '∼')
    .replace(/_{2,}/g, (m) => '＿'.repeat(m.length))
    .replace(/\](\s*)\(/g, ']$1（')
    .replace(/^(\s*)#/, '$1＃')
    .replace(/^(\s*)>/, '$1＞')
  if (format === 'markdown_v2') {
    v = v
      .replace(/(^|[^\p{L}\p{N}])_|_(?=$|[^\p{L}\p{N}])/gu, (m) => m.replace('_', '＿'))
      .replace(/\|/g, '∣')
      .replace(/^(\s*)-(?=\s)/, '$1‐')
      .replace(/^(\s*)\+(?=\s)/, '$1＋')
      .replace(/^(\s*\d+)\.(?=\s)/, '$1．')
      .replace(/!(?=\[)/g, 'ǃ')
  }
  return v
}

/** A `]` with no `[` before it in the value would close the template's link text early. */
function closeBrackets(v: string): string {
  let open = 0
  let out = ''
  for (const c of v) {
    if (c === '[') open++
    if (c === ']') {
      if (open === 0) {
        out += '］'
        continue
      }
      open--
    }
    out += c
  }
  return out
}

function encodeUrlValue(url: string): string {
  return url
    .replace(/_{2,}/g, (m) => '%5F'.repeat(m.length))
    .replace(
      /[()<>`\s*~[\]]/g,
      (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
    )
}
