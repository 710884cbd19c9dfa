import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { definition } from '../../../server/src/engine/features/navigation';
import { Workspace } from '../../../server/src/engine/workspace';

const L7 = join(__dirname, '..', '..', 'fixtures', 'l7');

/** The lines go to definition leads to from `word` on the first line containing `line`. */
function definitionOf(file: string, line: string, word: string): string[] {
  const ws = new Workspace();
  const text = readFileSync(join(L7, file), 'utf8');
  const uri = `file:///ws/${file}`;
  ws.setFile(uri, text);
  const lines = text.split('\n');
  const n = lines.findIndex((l) => l.includes(line));
  assert.ok(n >= 0, `no line with ${line}`);
  return definition(ws, uri, { line: n, character: lines[n].indexOf(word) + 1 }).map((l) => {
    assert.equal(l.uri, uri);
    return `${lines[l.range.start.line].slice(l.range.start.character, l.range.end.character)} @ ${lines[l.range.start.line].trim()}`;
  });
}

describe('go to definition on entry points (features/route-navigation.ts)', () => {
  it('an Ingress path backend: service.name to the Service, port.number / port.name to that Service port', () => {
    assert.deepEqual(definitionOf('ingress-shop.yaml', '{path: /aaa/bbb,', 'aaa-bbb'), [
      'aaa-bbb @ metadata: {name: aaa-bbb, namespace: shop}',
    ]);
    assert.deepEqual(definitionOf('ingress-shop.yaml', '{path: /aaa, pathType', 'http}'), [
      'http @ ports: [{name: http, port: 80, targetPort: http}]',
    ]);
    assert.deepEqual(definitionOf('ingress-shop.yaml', '{path: /aaa/bbb,', '80'), [
      '80 @ ports: [{name: http, port: 80, targetPort: http}]',
    ]);
  });

  it('the defaultBackend and a backend whose Service or port does not exist', () => {
    assert.deepEqual(definitionOf('ingress-shop.yaml', 'defaultBackend: {service: {name: fallback', 'fallback'), [
      'fallback @ metadata: {name: fallback, namespace: shop}',
    ]);
    assert.deepEqual(definitionOf('ingress-shop.yaml', '{path: /missing', 'no-such-service'), []);
    assert.deepEqual(definitionOf('ingress-shop.yaml', '{path: /bad-port', 'grpc'), [], 'Service aaa has no port grpc');
    assert.deepEqual(
      definitionOf('ingress-shop.yaml', '{path: /aaa/bbb,', '/aaa/bbb'),
      [],
      'the path itself names no object',
    );
  });

  it('an HTTPRoute backendRef: to the Service in the route namespace, or in the one it names', () => {
    assert.deepEqual(definitionOf('gateway-shop.yaml', '- {name: api-v2, port: 80, weight: 1}', 'api-v2'), [
      'api-v2 @ metadata: {name: api-v2, namespace: team-a}',
    ]);
    assert.deepEqual(definitionOf('gateway-shop.yaml', 'backendRefs: [{name: store, namespace: shared', 'store'), [
      'store @ metadata: {name: store, namespace: shared}',
    ]);
    assert.deepEqual(definitionOf('gateway-shop.yaml', '- {name: api, port: 80, weight: 3}', '80'), [
      '80 @ ports: [{port: 80, targetPort: 8080}]',
    ]);
  });

  it('an HTTPRoute parentRef: to the Gateway, its sectionName to the listener', () => {
    assert.deepEqual(definitionOf('gateway-shop.yaml', 'parentRefs: [{name: edge, namespace: infra}]', 'edge'), [
      'edge @ metadata: {name: edge, namespace: infra}',
    ]);
    assert.deepEqual(definitionOf('gateway-shop.yaml', 'sectionName: tls-only', 'tls-only'), [
      'tls-only @ - name: tls-only',
    ]);
    assert.deepEqual(
      definitionOf('gateway-shop.yaml', 'parentRefs: [{name: managed-gateway', 'managed-gateway'),
      [],
      'a Gateway outside the manifests',
    );
  });
});
