// Builds the three worlds with Vite: the renderer (browser), the Node entry points (Electron main
// and the headless CLI, ESM, dependencies left external) and the preload (one CommonJS file,
// because sandboxed preloads cannot import).
import { builtinModules } from 'node:module'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { build } from 'vite'
import react from '@vitejs/plugin-react'

const root = new URL('..', import.meta.url).pathname
rmSync(`${root}dist`, { recursive: true, force: true })
const quiet = { logLevel: process.env.CI ? 'warn' : 'info', configFile: false, root }
const nodeExternal = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]

/**
 * index.html loads the first page's reads (renderer/src/first-load.ts, its own small entry) as an
 * `async` module before the main bundle: it runs as soon as it arrives, not after the bundle is
 * in and parsed. The bundle imports the same file, so the module (and its answers) is shared.
 */
const firstLoadScript = () => ({
  name: 'first-load-script',
  transformIndexHtml: {
    order: 'post',
    handler(_html, ctx) {
      const chunk = Object.values(ctx.bundle ?? {}).find(
        (c) => c.type === 'chunk' && c.isEntry && c.name === 'first-load',
      )
      if (!chunk) throw new Error('The build has no first-load entry: see scripts/build.mjs.')
      return [
        {
          tag: 'script',
          attrs: { type: 'module', async: true, crossorigin: true, src: `./${chunk.fileName}` },
          injectTo: 'head-prepend',
        },
      ]
    },
  },
})

await build({
  ...quiet,
  root: `${root}renderer`,
  base: './',
  plugins: [react(), firstLoadScript()],
  // Split by page (React.lazy in app.tsx): the first page loads React, i18next and the channel
  // list only. No source maps: the headless UI is served over HTTP, and maps would publish the source.
  build: {
    outDir: `${root}dist/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
    rollupOptions: {
      input: {
        index: `${root}renderer/index.html`,
        'first-load': `${root}renderer/src/first-load.ts`,
      },
    },
  },
})

// Precompressed copies for the headless server (static.ts serves them by Accept-Encoding).
for (const entry of readdirSync(`${root}dist/renderer`, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.(js|css|html|svg|json|ico)$/.test(entry.name)) continue
  const file = `${entry.parentPath}/${entry.name}`
  const raw = readFileSync(file)
  writeFileSync(
    `${file}.br`,
    brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  )
  writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }))
}

await build({
  ...quiet,
  build: {
    ssr: true,
    outDir: `${root}dist`,
    emptyOutDir: false,
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      input: {
        cli: `${root}electron/headless/main.ts`,
        'electron/main': `${root}electron/main.ts`,
      },
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
      external: nodeExternal,
    },
  },
})

await build({
  ...quiet,
  build: {
    ssr: true,
    outDir: `${root}dist/electron`,
    emptyOutDir: false,
    target: 'node20',
    rollupOptions: {
      input: { preload: `${root}electron/preload.ts` },
      output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      external: nodeExternal,
    },
  },
  ssr: { noExternal: true },
})
