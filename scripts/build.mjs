// Builds the three worlds with Vite: the renderer (browser), the Node entry points (Electron main
// and the headless CLI, ESM, dependencies left external) and the preload (one CommonJS file,
// because sandboxed preloads cannot import).
import { builtinModules } from 'node:module'
import { rmSync } from 'node:fs'
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
  // A desktop window loaded from disk: one ~600 kB bundle (React, Chart.js, markdown-it, i18next) is fine.
  build: {
    outDir: `${root}dist/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
})

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
