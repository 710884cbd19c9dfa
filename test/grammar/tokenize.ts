// Tokenizes YAML the way VS Code does: the base YAML grammar, optionally with kroute's
// injection registered for source.yaml exactly as package.json contributes it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

export const ROOT = resolve(__dirname, '../..');
export const INJECTION_PATH = resolve(ROOT, 'syntaxes/kroute.injection.tmLanguage.json');
export const INJECTION_SCOPE = 'kroute.injection';
// tm-grammars ships textmate/yaml.tmbundle at the commit VS Code bundled before it moved to
// RedCMD's YAML grammar; that one is on npm only inside the whole monaco-vscode-api, so the
// injection is checked against the newer grammar's scopes by name (see injection.test.ts).
const BASE_PATH = resolve(ROOT, 'node_modules/tm-grammars/grammars/yaml.json');

const onigLib = oniguruma
  .loadWASM(readFileSync(resolve(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm')))
  .then(() => ({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s: string) => new oniguruma.OnigString(s),
  }));

function registry(withInjection: boolean): Registry {
  return new Registry({
    onigLib,
    loadGrammar: (scopeName) => {
      const path = scopeName === 'source.yaml' ? BASE_PATH : scopeName === INJECTION_SCOPE ? INJECTION_PATH : undefined;
      return Promise.resolve(path ? parseRawGrammar(readFileSync(path, 'utf8'), path) : null);
    },
    getInjections: (scopeName) => (withInjection && scopeName === 'source.yaml' ? [INJECTION_SCOPE] : undefined),
  });
}

const grammars = new Map<boolean, Promise<IGrammar>>();

function grammar(withInjection: boolean): Promise<IGrammar> {
  let g = grammars.get(withInjection);
  if (!g) {
    g = registry(withInjection)
      .loadGrammar('source.yaml')
      .then((loaded) => {
        if (!loaded) throw new Error('source.yaml grammar did not load');
        return loaded;
      });
    grammars.set(withInjection, g);
  }
  return g;
}

export interface Token {
  line: number;
  start: number;
  end: number;
  text: string;
  scopes: string[];
}

export async function tokenize(source: string, withInjection: boolean): Promise<Token[][]> {
  const g = await grammar(withInjection);
  let state = INITIAL;
  return source.split(/\r?\n/).map((text, line) => {
    const r = g.tokenizeLine(text, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({
      line,
      start: t.startIndex,
      end: Math.min(t.endIndex, text.length),
      text: text.slice(t.startIndex, t.endIndex),
      scopes: t.scopes,
    }));
  });
}

export const isKrouteScope = (scope: string): boolean => scope.split('.').includes('kubernetes');

// The base grammar splits a plain scalar's first character from the rest, so the two runs
// differ in token boundaries; comparing per character is what the editor paints anyway.
export function scopesByChar(lines: Token[][]): string[][][] {
  return lines.map((tokens) => tokens.flatMap((t) => Array.from({ length: t.end - t.start }, () => t.scopes)));
}

// Adjacent tokens with identical scopes are one run of colour; merging them keeps snapshots
// readable without hiding any scope.
export function snapshot(source: string, lines: Token[][]): string {
  const out: string[] = [];
  source.split(/\r?\n/).forEach((text, i) => {
    out.push(`${String(i + 1).padStart(3)}| ${text}`);
    const merged: { text: string; scopes: string }[] = [];
    for (const t of lines[i] ?? []) {
      const scopes = t.scopes.slice(1).join(' ');
      const last = merged.at(-1);
      if (last?.scopes === scopes) last.text += t.text;
      else merged.push({ text: t.text, scopes });
    }
    for (const m of merged)
      if (m.text.trim() !== '' || m.scopes !== '') out.push(`     ${JSON.stringify(m.text)}  ${m.scopes}`);
  });
  return out.join('\n') + '\n';
}
