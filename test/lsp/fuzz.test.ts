import fc from 'fast-check';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { lspSession, runSession } from '../fuzz/lsp';
import { FIXTURES, indexedClient } from './support/client';

// A fixed-seed slice of the language-server fuzzing in `npm run fuzz`: generated and damaged
// manifests typed into one open document while every feature is asked about random positions,
// next to a workspace with real Services and workloads so cross-file answers are exercised too.
const SEED = 20261129;

describe('language server fuzz slice (fast-check, fixed seed, dist/server.js --stdio)', () => {
  const { ws, client } = indexedClient(join(FIXTURES, 'basic'));
  let session = 0;

  it('answers every request, publishes each version with ranges inside the text, stays silent on non-Kubernetes YAML', async () => {
    await fc.assert(
      fc.asyncProperty(lspSession, (s) => runSession(client, ws.uri(`fuzz-${session++}.yaml`), s)),
      { seed: SEED, numRuns: 40 },
    );
    // Still the same process, still answering.
    await client.request('textDocument/hover', {
      textDocument: { uri: ws.uri('fuzz-0.yaml') },
      position: { line: 0, character: 0 },
    });
  });
});
