import { config } from 'zod/v4/core'

// The window's CSP has no 'unsafe-eval'. Zod 4 probes `new Function` before compiling a fast
// object parser; the probe's failure is caught, but the browser still reports the CSP violation
// in the console on every form that parses a schema. Jitless skips the probe and the compiled
// path (the same results, parsed by the interpreter). Imported first by main.tsx, so it is set
// before any lazily loaded page builds a schema; `zod/v4/core` is the small module that owns the
// config object, not the schema library.
config({ jitless: true })
