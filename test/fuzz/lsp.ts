import fc from 'fast-check';
import { ErrorCodes, ResponseError, type Diagnostic as LspDiagnostic } from 'vscode-languageserver-protocol';
import type { Diagnostic } from '../../server/src/engine/types';
import type { TestClient } from '../lsp/support/client';
import { brokenManifestText, manifestText, nonKubernetesText } from './arbitraries';
import { assertRangesInside } from './properties';

// The language server under generated input, as an editor drives it: open a file, type into it,
// and ask every feature about random positions. Shared by the slice in `npm test`
// (test/lsp/fuzz.test.ts) and `npm run fuzz`.

/**
 * A bound on each answer that only a hang or a runaway loop can exceed (the inputs are at most a
 * few kilobytes; a normal answer takes milliseconds). It is a liveness check, not a speed target.
 */
export const ANSWER_BOUND_MS = 10_000;

const POSITION_REQUESTS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/prepareRename',
] as const;

const DOCUMENT_REQUESTS = [
  'textDocument/codeLens',
  'textDocument/documentSymbol',
  'textDocument/inlayHint',
  'textDocument/codeAction',
] as const;

/** One session step: the file's new text and where to ask. */
export const lspSession = fc.record({
  texts: fc.array(
    fc.oneof(
      manifestText.map((text) => ({ text, kubernetes: true })),
      brokenManifestText.map((text) => ({ text, kubernetes: true })),
      nonKubernetesText.map((text) => ({ text, kubernetes: false })),
    ),
    { minLength: 1, maxLength: 3 },
  ),
  positions: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 200 })), { minLength: 1, maxLength: 4 }),
});

export type LspSession = typeof lspSession extends fc.Arbitrary<infer T> ? T : never;

function within<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} not answered within ${ANSWER_BOUND_MS} ms`)), ANSWER_BOUND_MS);
  });
  return Promise.race([p, bound]).finally(() => clearTimeout(timer));
}

/** prepareRename may refuse with a message for the user (LSP allows it); a crash inside it may not. */
function refusalOnly(e: unknown): void {
  if (!(e instanceof ResponseError) || e.code === ErrorCodes.InternalError || e.code === ErrorCodes.MethodNotFound)
    throw e;
}

const lines = (text: string) => text.split(/\r\n|\r|\n/);

/**
 * A last text whose diagnostics differ from anything generated: once they arrive, every earlier
 * publication for the document has arrived too (the server publishes in order, only on change).
 */
const SENTINEL = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: fuzz-sentinel\nspec:\n  ports: [\n';

/**
 * Opens a fresh document, replaces its text with each generated text in turn and sends every
 * request after each. Then checks every diagnostics notification the server published for it:
 * versions never go back (no stale result), each range lies inside the text of its version, and
 * non-Kubernetes text has none. Throws when the server errors, hangs or breaks one of those.
 */
export async function runSession(client: TestClient, uri: string, session: LspSession): Promise<void> {
  client.publications.length = 0;
  const texts = [...session.texts, { text: SENTINEL, kubernetes: true }];
  for (const [i, { text }] of texts.entries()) {
    if (i === 0) await client.open(uri, text);
    else await client.change(uri, text);
    const docLines = lines(text);
    const textDocument = { uri };
    for (const [lineSeed, character] of session.positions) {
      const line = lineSeed % docLines.length;
      const position = { line, character: Math.min(character, docLines[line].length) };
      for (const method of POSITION_REQUESTS) {
        const answer = client.request(method, { textDocument, position, context: { includeDeclaration: true } });
        await within(
          `${method} at ${line}:${position.character}`,
          method === 'textDocument/prepareRename' ? answer.catch(refusalOnly) : answer,
        );
      }
    }
    const range = {
      start: { line: 0, character: 0 },
      end: { line: docLines.length - 1, character: docLines[docLines.length - 1].length },
    };
    for (const method of DOCUMENT_REQUESTS) {
      await within(method, client.request(method, { textDocument, range, context: { diagnostics: [] } }));
    }
  }
  await client.until(
    `diagnostics of the last version of ${uri}`,
    () => client.publications.some((p) => p.uri === uri && p.version === texts.length),
    ANSWER_BOUND_MS,
  );
  let last = 0;
  for (const p of client.publications) {
    if (p.uri !== uri) continue;
    const version = p.version ?? 0;
    if (version < last) throw new Error(`stale diagnostics: version ${version} published after version ${last}`);
    last = version;
    const { text, kubernetes } = texts[version - 1] ?? { text: '', kubernetes: true };
    assertRangesInside(text, p.diagnostics.map(asEngine));
    if (!kubernetes && p.diagnostics.length)
      throw new Error(`non-Kubernetes YAML got ${p.diagnostics.map((d) => d.code).join(', ')}`);
  }
  await client.close(uri);
}

function asEngine(d: LspDiagnostic): Diagnostic {
  return {
    uri: '',
    range: d.range,
    severity: 'error',
    code: String(d.code),
    message: typeof d.message === 'string' ? d.message : d.message.value,
  };
}
