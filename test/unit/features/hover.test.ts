import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hover } from '../../../server/src/engine/features/hover';
import { code, text } from '../../../server/src/engine/features/markdown';
import { Workspace } from '../../../server/src/engine/workspace';
import { at, FIXTURES, uriOf, workspace } from './helpers';

const FILE = 'shop.yaml';
const md = (spec: Parameters<typeof at>[2]) => {
  const ws = workspace(FILE);
  return hover(ws, uriOf(FILE), at(ws, FILE, spec))?.markdown;
};

describe('hover (features/hover.ts)', () => {
  it('on a Service name: type and ClusterIP, DNS name, node ports per node, port table, pods grouped by workload', () => {
    const ws = workspace(FILE);
    const c = ws.cluster();
    const svc = c.servicesByKey.get('shop/web')!;
    const h = hover(ws, uriOf(FILE), at(ws, FILE, { after: 'kind: Service', line: 'name: web', word: 'web' }))!;
    assert.match(h.markdown, new RegExp(`NodePort \`${svc.clusterIP.replace(/\./g, '\\.')}\``));
    assert.match(h.markdown, /DNS `web\.shop\.svc\.cluster\.local`/);
    assert.match(h.markdown, /`172\.18\.0\.2:30080`, `172\.18\.0\.3:30080`, `172\.18\.0\.4:30080`/);
    assert.match(h.markdown, /\| `http` 80\/TCP \| `http` \| 8080 \|/);
    assert.match(h.markdown, /\| `metrics` 9100\/TCP \| `metrics` \| 9100 \|/);
    assert.match(h.markdown, /\*\*2 pods\*\* selected · deployment\/web/);
    for (const pod of c.workloadsByKey.get('shop/Deployment/web')!.pods) {
      assert.ok(h.markdown.includes(`| \`${pod.name}\` | ${pod.ip} | \`${pod.nodeName}\` | ✓ |`), h.markdown);
    }
    assert.equal(
      ws.file(uriOf(FILE))!.text.split('\n')[h.range.start.line].slice(h.range.start.character, h.range.end.character),
      'web',
    );
  });

  it('a named targetPort no selected pod declares: the container port column says it is unresolved on every pod', () => {
    const ws = new Workspace();
    const uri = 'file:///ws/named.yaml';
    ws.setFile(
      uri,
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx, ports: [{name: web, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
`,
    );
    const line = ws.file(uri)!.text.split('\n').lastIndexOf('  name: web');
    assert.match(
      hover(ws, uri, { line, character: 9 })!.markdown,
      /\| 80\/TCP \| `http` \| — \(unresolved on every pod\) \|/,
    );
  });

  it('many pods: grouped by workload, at most 8 rows, then "+N more"; ports that differ per workload all listed', () => {
    const ws = workspace('canary-two-workloads.yaml');
    const h = hover(
      ws,
      uriOf('canary-two-workloads.yaml'),
      at(ws, 'canary-two-workloads.yaml', { after: 'kind: Service', line: 'name: api', word: 'api' }),
    )!.markdown;
    assert.match(h, /\*\*11 pods\*\* selected\n\ndeployment\/api\\-canary · 5 pods\n/);
    assert.match(h, /deployment\/api\\-stable · 6 pods/);
    assert.equal(h.match(/^\| `api-/gm)!.length, 8);
    assert.match(h, /\n\n\+3 more$/);
    assert.match(h, /\| `http` 80\/TCP \| `http` \| 8080, 9090 \|/);
  });

  it('on a Service without selector: the endpoints written in the manifests, no container ports to resolve', () => {
    const ws = new Workspace();
    const text = readFileSync(join(FIXTURES, '..', 'model', 'selectorless-endpoints.yaml'), 'utf8');
    ws.setFile('file:///ws/legacy.yaml', text);
    const line = text.split('\n').findIndex((l) => l.includes('name: legacy-db'));
    const h = hover(ws, 'file:///ws/legacy.yaml', { line, character: 10 })!.markdown;
    assert.match(h, /\| Port \| targetPort \|\n\|---\|---\|\n\| `pg` 5432\/TCP \| `5432` \|/);
    assert.match(h, /Endpoints from EndpointSlice\/Endpoints manifests: `192\.168\.10\.5:5432`/);
    assert.match(h, /⚠ No selector: endpoints come only from/);
  });

  it('on a workload an HPA scales: the HPA, its bounds and how the replicas follow (horizontal.go at steady state)', () => {
    const ws = new Workspace();
    const text = readFileSync(join(FIXTURES, '..', 'model', 'hpa-clamps-replicas.yaml'), 'utf8');
    ws.setFile('file:///ws/hpa.yaml', text);
    const line = text.split('\n').indexOf('  name: below-min');
    const h = hover(ws, 'file:///ws/hpa.yaml', { line, character: 10 })!.markdown;
    assert.match(h, /\*\*Deployment `default\/below-min`\*\* · 3 pods/);
    assert.match(
      h,
      /Replicas set by HorizontalPodAutoscaler `below-min` \(minReplicas 3, maxReplicas 10\): 3; the manifest's 1 is raised to minReplicas/,
    );
    // On the HPA itself: what it scales; on one of two HPAs contesting a Deployment: that it scales nothing.
    const hpaLine = text
      .split('\n')
      .findIndex((l, i) => l === '  name: below-min' && text.split('\n')[i - 2] === 'kind: HorizontalPodAutoscaler');
    assert.match(
      hover(ws, 'file:///ws/hpa.yaml', { line: hpaLine, character: 10 })!.markdown,
      /scales deployment\/below\\-min\n\nReplicas set by/,
    );
    const contested = text.split('\n').indexOf('  name: contested-a');
    assert.match(
      hover(ws, 'file:///ws/hpa.yaml', { line: contested, character: 10 })!.markdown,
      /scales no modelled workload: .*another HPA targets it too/,
    );
  });

  it("the Service card only on its name, selector, ports table (and an ExternalName's externalName); other keys answer for themselves or not at all", () => {
    // shop/web is the first Service of the fixture; its apiVersion is the line above `kind: Service`.
    assert.equal(md({ line: 'kind: Service', word: 'Service' }), undefined);
    assert.equal(md({ after: 'kind: Service', line: 'spec:', word: 'spec' }), undefined);
    assert.equal(md({ after: 'kind: Service', line: 'namespace: shop', word: 'namespace' }), undefined);
    for (const line of ['name: web', 'selector:', 'ports:', '- name: http', 'port: 80']) {
      assert.match(
        md({ after: 'kind: Service', line, word: line.replace(/^- /, '').split(':')[0] })!,
        /^\*\*Service `shop\/web`\*\*/,
        line,
      );
    }
  });

  it('on a targetPort: the container port it resolves to on each selected pod (podutil.FindPort)', () => {
    const h = md({ after: 'kind: Service', line: 'targetPort: http', word: 'targetPort' })!;
    assert.match(
      h,
      /^\*\*targetPort `http`\*\* of port `http`: a name, looked up among each pod's TCP container ports\./,
    );
    assert.match(h, /\| 8080 \| 2 pods: `web-/);
  });

  it('on a headless Service and an ExternalName', () => {
    assert.match(md({ after: 'clusterIP: None', line: 'selector', word: 'selector' })!, /headless \(no ClusterIP/);
    assert.match(
      md({ after: 'name: payments-api', line: 'externalName', word: 'externalName' })!,
      /ExternalName → CNAME `api\.payments\.example\.com`/,
    );
  });

  it('on a Service that selects nothing: why, in one line (the selector-matches-nothing reasoning)', () => {
    const h = md({ after: 'name: web-typo', line: 'ports:', word: 'ports' })!;
    // The note is plain text (the Problems panel shows the same words), escaped so Markdown keeps it literal.
    assert.match(
      h,
      /⚠ The selector matches no pod: the nearest is deployment\/web, which differs in app=wbe vs app=web\\\.$/m,
    );
  });

  it('on one selector entry: pods and workloads carrying it, idle workloads, other values as near misses', () => {
    const web = md({ after: 'name: web-typo', line: 'app: wbe', word: 'app' })!;
    assert.match(web, /Selector `app: wbe`/);
    assert.match(web, /No pod in this namespace carries this label/);
    assert.match(web, /Other `app` values here: `web` \(deployment\/web\)/, 'the closest spelling comes first');
    const db = md({ after: 'clusterIP: None', line: 'app: db', word: 'db' })!;
    assert.match(db, /2 pods carry this label: statefulset\/db \(2\)/);
    assert.doesNotMatch(db, /Other/, 'other values only when nothing carries this one');
  });

  it('on a workload name or its template labels: the Services that select its pods, with their ports', () => {
    const h = md({ after: 'kind: Deployment', line: 'name: web', word: 'web' })!;
    assert.match(h, /\*\*Deployment `shop\/web`\*\* · 2 pods/);
    assert.match(h, /Selected by 1 Service/);
    assert.match(h, /\| `web` \| NodePort `10\.[\d.]+` \| `http` 80 → `http`, `metrics` 9100 → `metrics` \|/);
    assert.equal(md({ after: 'kind: Deployment', line: 'tier: front', word: 'front' }), h);
    assert.match(md({ after: 'name: worker', line: 'name: worker', word: 'worker' })!, /runs no pods/);
  });

  it('on a container port: the Service ports that resolve to it', () => {
    assert.match(
      md({ after: 'containerPort: 8080', line: 'containerPort', word: '8080' }) ?? '',
      /Reached by `web` port `http` 80\/TCP/,
    );
    assert.match(
      md({ after: 'name: metrics', line: 'containerPort: 9100', word: '9100' })!,
      /Reached by `web` port `metrics` 9100\/TCP/,
    );
  });

  it('on nodePort: the range and whether the port is free; on type: what the type adds', () => {
    assert.match(
      md({ line: 'nodePort: 30080', word: '30080' })!,
      /range 30000-32767[\s\S]*in range and no other Service uses it/,
    );
    assert.match(
      md({ line: 'type: NodePort', word: 'NodePort' })!,
      /A ClusterIP plus a port .* on every node[\s\S]*80 → node port 30080/,
    );
  });

  it('says nothing on fields it has nothing to add to', () => {
    assert.equal(md({ after: 'name: web-typo', line: 'namespace: shop', word: 'shop' }), undefined);
    assert.equal(md({ line: 'image: nginx', word: 'nginx' }), undefined);
  });

  it('keeps manifest strings literal in Markdown', () => {
    assert.equal(code('a`b|c'), '``a`b\\|c``');
    assert.equal(text('*x* [y](z) <img>'), '\\*x\\* \\[y\\]\\(z\\) \\<img\\>');
  });
});
