// One esbuild pass for every bundle kroute ships: the extension client, the language
// server, the CLI and the webview. `--watch` rebuilds on change; `--dev` keeps bundles readable.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { nodeBundle } from './esbuild-options.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev');

const node = {
  ...nodeBundle,
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  { ...node, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  {
    ...node,
    entryPoints: ['server/src/lsp/main.ts'],
    outfile: 'dist/server.js',
    define: { KROUTE_VERSION: JSON.stringify(pkg.version) },
  },
  {
    ...node,
    entryPoints: ['server/src/cli/index.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { KROUTE_VERSION: JSON.stringify(pkg.version) },
  },
];
// The webviews: the trace panel and the Connectivity view, each its own bundle.
for (const [entry, outfile] of [
  ['webview/src/main.ts', 'dist/webview.js'],
  ['webview/src/connectivity/main.ts', 'dist/connectivity.js'],
]) {
  if (!existsSync(entry)) continue;
  builds.push({
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    minify: !dev,
    sourcemap: dev ? 'inline' : false,
    logLevel: 'warning',
    legalComments: 'none',
    entryPoints: [entry],
    outfile,
    loader: { '.css': 'text' },
  });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('kroute: watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
