import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import {
  INJECTION_PATH,
  INJECTION_SCOPE,
  ROOT,
  isKrouteScope,
  scopesByChar,
  snapshot,
  tokenize,
  type Token,
} from './tokenize.ts';

const FIXTURES = join(__dirname, 'fixtures');
const SNAPSHOTS = join(__dirname, '__snapshots__');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

// The grammar names each scalar with the scopes of both YAML grammars VS Code has bundled, so
// against the older one tested here these come on top: they are what the current bundled
// grammar (RedCMD's) gives the same keys and numbers.
const CURRENT_VSCODE_YAML_SCOPES = new Set([
  'meta.map.key.yaml',
  'string.unquoted.plain.yaml',
  'string.unquoted.plain.out.yaml',
  'constant.numeric.integer.decimal.yaml',
]);

/** Scopes of the token `text` on the first line starting with `linePrefix`: its last occurrence within the prefix, else the first after it. */
function scopesOf(lines: Token[][], source: string, linePrefix: string, text: string): string[] {
  const srcLines = source.split('\n');
  const line = srcLines.findIndex((l) => l.trimStart().startsWith(linePrefix));
  assert.ok(line >= 0, `fixture has a line starting with ${JSON.stringify(linePrefix)}`);
  const at = srcLines[line].indexOf(linePrefix);
  const inPrefix = linePrefix.lastIndexOf(text);
  const col = inPrefix >= 0 ? at + inPrefix : srcLines[line].indexOf(text, at + linePrefix.length);
  assert.ok(col >= 0, `${JSON.stringify(text)} is on that line`);
  const chars = scopesByChar(lines)[line].slice(col, col + text.length);
  for (const scopes of chars) assert.deepEqual(scopes, chars[0], `${JSON.stringify(text)} is painted as one run`);
  return chars[0];
}

describe('kroute injection grammar: snapshots', () => {
  for (const name of fixtures) {
    it(name, async () => {
      const source = read(name);
      const actual = snapshot(source, await tokenize(source, true));
      const file = join(SNAPSHOTS, basename(name, '.yaml') + '.snap');
      if (UPDATE || !existsSync(file)) {
        assert.ok(UPDATE, `no snapshot ${relative(ROOT, file)}; run with UPDATE_SNAPSHOTS=1 to write it`);
        mkdirSync(SNAPSHOTS, { recursive: true });
        writeFileSync(file, actual);
        return;
      }
      assert.equal(
        actual,
        readFileSync(file, 'utf8'),
        `tokens differ from ${relative(ROOT, file)} (UPDATE_SNAPSHOTS=1 rewrites it)`,
      );
    });
  }
});

describe('kroute injection grammar: YAML colours stay intact', () => {
  for (const name of fixtures) {
    it(`${name}: every character keeps all of its base YAML scopes`, async () => {
      const source = read(name);
      const base = scopesByChar(await tokenize(source, false));
      const injected = scopesByChar(await tokenize(source, true));
      assert.equal(injected.length, base.length);
      base.forEach((chars, line) => {
        assert.equal(injected[line].length, chars.length, `line ${line + 1} covers the same characters`);
        chars.forEach((scopes, col) => {
          const withInjection = injected[line][col];
          const missing = scopes.filter((s) => !withInjection.includes(s));
          assert.deepEqual(
            missing,
            [],
            `line ${line + 1} col ${col + 1}: [${withInjection.join(' ')}] lost base scopes`,
          );
          assert.deepEqual(
            withInjection.filter((s) => scopes.includes(s)),
            scopes,
            `line ${line + 1} col ${col + 1}: base scope order changed`,
          );
          const added = withInjection.filter(
            (s) => !scopes.includes(s) && !isKrouteScope(s) && !CURRENT_VSCODE_YAML_SCOPES.has(s),
          );
          assert.deepEqual(
            added,
            [],
            `line ${line + 1} col ${col + 1}: adds YAML scopes no YAML grammar gives this scalar`,
          );
        });
      });
    });
  }
});

describe('kroute injection grammar: where kroute scopes appear', () => {
  it('marks kind, apiVersion, Service type and port values in a Service', async () => {
    const src = read('service-with-ports.yaml');
    const lines = await tokenize(src, true);
    assert.ok(scopesOf(lines, src, 'kind:', 'Service').includes('entity.name.type.kubernetes.kind'));
    assert.ok(scopesOf(lines, src, 'apiVersion:', 'v1').includes('support.type.api-version.kubernetes'));
    assert.ok(scopesOf(lines, src, 'type:', 'NodePort').includes('support.constant.service-type.kubernetes'));
    assert.ok(
      scopesOf(lines, src, 'type: ExternalName', 'ExternalName').includes('support.constant.service-type.kubernetes'),
    );
    assert.ok(
      scopesOf(lines, src, '- name: http', 'http').every((s) => !isKrouteScope(s)),
      'a port name: is not marked',
    );
    for (const [key, value] of [
      ['port:', '80'],
      ['nodePort:', '30080'],
      ['targetPort: 9090', '9090'],
    ] as const) {
      assert.ok(scopesOf(lines, src, key, value).includes('constant.numeric.port.kubernetes'), `${key} ${value}`);
    }
    assert.ok(
      scopesOf(lines, src, 'targetPort: http', 'http').includes('variable.other.constant.port-name.kubernetes'),
    );
    assert.ok(scopesOf(lines, src, 'selector:', 'selector').includes('entity.name.tag.selector.kubernetes'));
    assert.ok(scopesOf(lines, src, 'labels:', 'labels').includes('entity.name.tag.labels.kubernetes'));
  });

  it('marks label and selector blocks and container ports in a Deployment', async () => {
    const src = read('deployment-labels.yaml');
    const lines = await tokenize(src, true);
    assert.ok(scopesOf(lines, src, 'apiVersion:', 'apps/v1').includes('support.type.api-version.kubernetes'));
    assert.ok(scopesOf(lines, src, 'kind:', 'Deployment').includes('entity.name.type.kubernetes.kind'));
    assert.ok(scopesOf(lines, src, 'matchLabels', 'matchLabels').includes('entity.name.tag.selector.kubernetes'));
    assert.ok(
      scopesOf(lines, src, 'matchExpressions', 'matchExpressions').includes('entity.name.tag.selector.kubernetes'),
    );
    assert.ok(scopesOf(lines, src, 'containerPort:', '8080').includes('constant.numeric.port.kubernetes'));
    assert.ok(scopesOf(lines, src, 'hostPort:', '18080').includes('constant.numeric.port.kubernetes'));
    assert.ok(
      scopesOf(lines, src, 'type: RollingUpdate', 'RollingUpdate').every((s) => !isKrouteScope(s)),
      'only Service types are marked',
    );
  });

  it('leaves comments, block scalars, quoted strings and non-Kubernetes values alone', async () => {
    const src = read('comments-strings-and-unknown-values.yaml');
    const lines = await tokenize(src, true);
    const marked = lines
      .flat()
      .filter((t) => t.scopes.some(isKrouteScope))
      .map((t) => t.text);
    // Only the three real documents' kind and apiVersion values: nothing inside the comment,
    // the embedded manifest, the quoted string, a Secret type or a non-Kubernetes apiVersion.
    assert.deepEqual(marked, ['v1', 'ConfigMap', 'v1', 'Secret']);
  });

  it('marks Service fields in Helm values, which share their key names', async () => {
    const src = read('helm-values.yaml');
    const lines = await tokenize(src, true);
    assert.ok(scopesOf(lines, src, 'type:', 'LoadBalancer').includes('support.constant.service-type.kubernetes'));
    assert.ok(scopesOf(lines, src, 'port:', '443').includes('constant.numeric.port.kubernetes'));
    assert.ok(
      scopesOf(lines, src, 'nodeSelector', 'nodeSelector').every((s) => !isKrouteScope(s)),
      'a key merely ending in Selector is not a selector',
    );
  });

  for (const name of ['non-kubernetes-compose.yaml', 'non-kubernetes-workflow.yaml']) {
    it(`${name}: no kroute scope changes a colour`, async () => {
      const lines = await tokenize(read(name), true);
      for (const t of lines.flat()) {
        for (const scope of t.scopes.filter(isKrouteScope)) {
          // A key refinement (entity.name.tag.*) is still coloured as the YAML key it is by
          // every theme that colours keys; anything else would recolour non-Kubernetes YAML.
          assert.ok(
            scope.startsWith('entity.name.tag.') && t.scopes.includes('entity.name.tag.yaml'),
            `line ${t.line + 1} ${JSON.stringify(t.text)}: ${scope}`,
          );
        }
      }
    });
  }
});

describe('kroute injection grammar: contribution', () => {
  it('package.json injects the grammar file into source.yaml under its own scope name', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { grammars: { scopeName: string; path: string; injectTo?: string[] }[] };
    };
    const entry = pkg.contributes.grammars.find((g) => g.scopeName === INJECTION_SCOPE);
    assert.ok(entry, `contributes.grammars has ${INJECTION_SCOPE}`);
    assert.equal(resolve(ROOT, entry.path), INJECTION_PATH);
    assert.deepEqual(entry.injectTo, ['source.yaml']);
    const grammar = JSON.parse(readFileSync(INJECTION_PATH, 'utf8')) as {
      scopeName: string;
      injectionSelector: string;
    };
    assert.equal(grammar.scopeName, INJECTION_SCOPE);
    assert.match(grammar.injectionSelector, /^L:source\.yaml\b/);
  });
});
