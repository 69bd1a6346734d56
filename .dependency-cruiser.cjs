/**
 * The layers of docs/ARCHITECTURE.md, checked (`npm run layers`, part of `npm run lint`).
 *
 * Each layer may import the layers below it and never one above, so the folders cannot form a
 * cycle. A folder that is not listed fails the check until it is given its place.
 */
const core = 'electron/core/'

/** Top to bottom: [name, path pattern]. */
const LAYERS = [
  ['shell', '^electron/(?!core/)[^/]+\\.ts$'],
  ['headless', '^electron/headless/'],
  ['app', `^${core}app\\.ts$`],
  ['api', `^${core}api/`],
  ['simulator', `^${core}simulator/`],
  ['ingest', `^${core}ingest/`],
  ['shell-models', `^${core}shell/`],
  ['oncall', `^${core}oncall/`],
  ['delivery', `^${core}delivery/`],
  ['diagnose', `^${core}diagnose/`],
  ['history', `^${core}history/`],
  ['messages', `^${core}messages/`],
  [
    'channels',
    `^${core}channels/(?!(type-names|limits|channel-facts|catalog)\\.ts$|[^/]+/facts\\.ts$)`,
  ],
  ['settings', `^${core}settings/(?!fields\\.ts$)`],
  // The alert model, levels and sender names: the settings' source mappings speak in them.
  ['alerts', `^${core}alerts/`],
  // What each channel type is (names, formats, limits, capabilities, field checks): plain data
  // and pure checks, in each type's folder (`<type>/facts.ts`) and the catalog that lists them.
  [
    'channel-facts',
    `^${core}channels/((type-names|limits|channel-facts|catalog)\\.ts|[^/]+/facts\\.ts)$`,
  ],
  // The parsers of what a person types into a field: the channel facts check URLs with them.
  ['fields', `^${core}settings/fields\\.ts$`],
  ['templates', `^${core}templates/`],
  ['time', `^${core}time/`],
  ['secrets', `^${core}secrets/`],
  ['http', `^${core}http/`],
  ['events', `^${core}events\\.ts$`],
  ['storage-health', `^${core}storage-health\\.ts$`],
  ['paths', `^${core}paths\\.ts$`],
  ['data-lock', `^${core}data-lock\\.ts$`],
  ['files', `^${core}files/`],
  // The core's sentences by code: every layer says what it writes with them, so they sit lowest.
  ['text', `^${core}text/`],
]

const upward = LAYERS.slice(1).map(([name, path], i) => ({
  name: `no-upward-from-${name}`,
  comment: `${name} may import only the layers below it (docs/ARCHITECTURE.md, "Layers").`,
  severity: 'error',
  from: { path },
  to: { path: LAYERS.slice(0, i + 1).map(([, p]) => p) },
}))

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'core-has-a-layer',
      comment:
        'Every file of the core belongs to a layer: add its folder to LAYERS in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: `^${core}`, pathNot: LAYERS.map(([, p]) => p) },
      to: {},
    },
    {
      name: 'simulator-has-its-own-rules',
      comment:
        "The simulator enforces the platforms' published rules from its own copy (simulator/published-rules.ts), so a wrong limit or signature in the relay cannot pass against it.",
      severity: 'error',
      from: { path: `^${core}simulator/` },
      to: { path: [`^${core}channels/`, `^${core}templates/(bytes|formats)\\.ts$`] },
    },
    {
      name: 'renderer-not-in-node',
      comment: 'Nothing in electron/ imports the window (renderer/): it is built for the browser.',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'renderer-reaches-no-shell',
      comment:
        'The window reaches the relay through the API contract: from electron/ it may import the core and the IPC channel names only.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^electron/', pathNot: [`^${core}`, '^electron/ipc-channels\\.ts$'] },
    },
    {
      name: 'no-file-cycle',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
}
