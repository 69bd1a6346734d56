/**
 * Regular expressions that backtrack exponentially in JavaScript's engine, each with a subject
 * that almost matches: a route or verification rule with one of them froze the relay.
 */
export const BACKTRACKING_PATTERNS: Array<[pattern: string, subject: string]> = [
  ['(a+)+', `${'a'.repeat(40)}!`],
  ['(a|aa)+', `${'a'.repeat(60)}!`],
  ['(.*a){20}', `${'a'.repeat(40)}!`],
  ['([a-zA-Z]+)*x', `${'Disk'.repeat(12)}!`],
]
