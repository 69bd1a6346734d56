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

await build({
  ...quiet,
  root: `${root}renderer`,
  base: './',
  plugins: [react()],
  // Split by page (React.lazy in app.tsx): the first page loads React, i18next and the channel
  // list only. No source maps: the headless UI is served over HTTP, and maps would publish the source.
  build: {
    outDir: `${root}dist/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
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
