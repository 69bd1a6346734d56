import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Core modules with no I/O and no Node built-ins, safe for the renderer to import as values. */
const RENDERER_PURE_MODULES = [
  'api/contract',
  'api/api-transport',
  'alerts/levels',
  'alerts/mapping-schema',
  'alerts/source-names',
  'channels/catalog',
  'channels/limits',
  'channels/type-names',
  'delivery/router',
  'history/row',
  'time/wall-clock',
  'oncall/urgency',
  'oncall/views',
  'secrets/mask',
  'settings/fields',
  'settings/schema',
  'templates/formats',
  'templates/variables',
  'templates/wecom-markdown',
  'text/core-text',
]

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The window talks to the relay only through the AppApi contract. From the core it may take
      // types (anything), and values only from pure modules that run the same in a browser.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer reaches Electron only through window.relay.',
            },
          ],
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a browser: no Node modules.' },
            {
              regex: `^(\\.\\./)+electron/(?!core/(${RENDERER_PURE_MODULES.join('|')})$)`,
              allowTypeImports: true,
              message:
                'The renderer imports the API contract and pure shared modules only: call the relay through the AppApi client (add the module to RENDERER_PURE_MODULES in eslint.config.js only if it is pure).',
            },
          ],
        },
      ],
    },
  },
  {
    // The core runs headless (CLI, tests, servers without a display): it must never need Electron.
    files: ['electron/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'electron/core runs headless: pass Electron facilities in from electron/main.ts instead.',
            },
          ],
          patterns: [
            {
              group: ['electron/*'],
              message: 'electron/core runs headless: it must not import Electron.',
            },
          ],
        },
      ],
    },
  },
)
