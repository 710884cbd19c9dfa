// The indexed nearest-workload search (model/explain.ts nearestWorkload, model/slip-index.ts)
// against the straightforward one that compares a dead selector with every workload of its
// namespace: random workspaces over a vocabulary full of near misses (typos, swapped letters,
// object kinds added as words, values under other keys, missing keys, short and empty values, a
// key named like an object member) must give the same nearest workload and score.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nearestWorkload } from '../../../server/src/engine/model/explain';
import { SlipIndex } from '../../../server/src/engine/model/slip-index';
import { slipCost } from '../../../server/src/engine/model/spelling';
import { Workspace } from '../../../server/src/engine/workspace';

function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick };
}

const STEMS = [
  'cart',
  'carts',
  'web',
  'api',
  'db',
  'frontend',
  'front-end',
  'checkout',
  'checkuot',
  'catalogue',
  'payments-gateway',
  'ab',
  'a',
  '',
];
const KINDS = ['service', 'svc', 'Deployment', 'pod'];

/** A label value: a stem, misspelt, with an object kind added, or a generated name. */
function value(r: ReturnType<typeof random>): string {
  const stem = r.pick(STEMS);
  switch (r.int(6)) {
    case 0:
      return stem;
    case 1: {
      // One random edit.
      const at = r.int(stem.length + 1);
      const c = 'abcde-'[r.int(6)];
      return r.next() < 0.5 ? stem.slice(0, at) + c + stem.slice(at) : stem.slice(0, at) + stem.slice(at + 1);
    }
    case 2:
      return r.next() < 0.5 ? `${stem}${r.pick(['-', '_', '.'])}${r.pick(KINDS)}` : `${r.pick(KINDS)}-${stem}`;
    case 3:
      return stem.length > 1 ? stem[1] + stem[0] + stem.slice(2) : stem;
    default:
      return `${stem}-${r.pick(['x', 'y'])}${r.int(40).toString(36)}`;
  }
}

const KEYS = ['app', 'name', 'tier', 'constructor'];
const NAMESPACES = ['default', 'shop'];

function labels(r: ReturnType<typeof random>, most: number): Record<string, string> {
  const out: Record<string, string> = {};
  const n = 1 + r.int(most);
  for (let i = 0; i < n; i++) out[r.pick(KEYS)] = value(r);
  return out;
}

const quote = (s: string) => JSON.stringify(s);
const block = (m: Record<string, string>, indent: string) =>
  Object.entries(m)
    .map(([k, v]) => `${indent}${k}: ${quote(v)}`)
    .join('\n');

function workspace(seed: number, workloads: number) {
  const r = random(seed);
  const docs: string[] = [];
  for (let i = 0; i < workloads; i++) {
    const l = labels(r, 3);
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: w${i}
  namespace: ${r.pick(NAMESPACES)}
spec:
  replicas: ${r.int(3)}
  selector:
    matchLabels:
${block(l, '      ')}
  template:
    metadata:
      labels:
${block(l, '        ')}
    spec:
      containers:
        - name: main
          image: nginx
`);
  }
  const ws = new Workspace({ settings: { nodes: 3 } });
  // Several files, so the workloads are not all in one document stream.
  for (let f = 0; f * 20 < docs.length; f++)
    ws.setFile(`file:///ws/part-${f}.yaml`, docs.slice(f * 20, (f + 1) * 20).join('---\n'));
  return { ws, r };
}

describe('nearest workload: the index agrees with comparing every workload', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`random workspace ${seed}: same nearest workload and score for 300 selectors`, () => {
      const { ws, r } = workspace(seed, 160);
      const cluster = ws.cluster();
      let found = 0;
      for (let q = 0; q < 300; q++) {
        const namespace = r.pick(NAMESPACES);
        const selector = labels(r, 3);
        const indexed = nearestWorkload(cluster, namespace, selector);
        const scanned = nearestWorkload(cluster, namespace, selector, true);
        assert.equal(indexed?.workload.key, scanned?.workload.key, `${namespace} ${JSON.stringify(selector)}`);
        assert.equal(indexed?.score, scanned?.score, `${namespace} ${JSON.stringify(selector)}`);
        if (scanned) found++;
      }
      // The vocabulary must produce near misses, or the comparison shows nothing.
      assert.ok(found > 50, `only ${found} of 300 selectors had a nearest workload`);
    });
  }
});

describe('SlipIndex: the slips slipCost accepts, without comparing with each value', () => {
  it('offers every value slipCost accepts, and far from every value, by length bucket and by bigrams', () => {
    const r = random(42);
    const values = [...new Set(Array.from({ length: 400 }, () => value(r)))];
    const index = new SlipIndex(values);
    // The first query compares by length; later ones use the bigram postings.
    let offered = 0;
    for (let q = 0; q < 500; q++) {
      const v = q % 3 ? value(r) : r.pick(values);
      const candidates = new Set(index.mayBeSlipsOf(v));
      for (const a of values)
        if (a !== v && slipCost(v, a) !== undefined) assert.ok(candidates.has(a), `${a} is a slip of ${v}`);
      offered += candidates.size;
    }
    // An index that offered every value would pass the test above and help nothing.
    assert.ok(offered < 500 * values.length * 0.5, `offered ${offered} of ${500 * values.length}`);
  });
});
