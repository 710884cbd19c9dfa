import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ResponseError, type CodeLens, type Location } from 'vscode-languageserver-protocol';
import type { TraceHttpResult, TraceTargets } from '../../server/src/lsp/protocol';
import { indexedClient } from './support/client';

// Entry points in the editor: the "Trace a request" lens on an Ingress path, answered by
// kroute/traceHttp with what `kroute trace --to URL --via ENTRY` computes, and go to definition
// from a backend to its Service.
const FIXTURE = resolve(__dirname, '../fixtures/l7');
const CLI = resolve(__dirname, '../../dist/cli.js');

describe('entry points over LSP (dist/server.js --stdio)', () => {
  const { ws, client } = indexedClient(FIXTURE);
  const uri = ws.uri('ingress-shop.yaml');
  const lines = readFileSync(join(ws.dir, 'ingress-shop.yaml'), 'utf8').split('\n');
  const lineOf = (text: string) => lines.findIndex((l) => l.includes(text));

  it('a "Trace a request" lens on each Ingress path; its arguments traced by the server as the CLI traces them', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const traces = lenses.filter((l) => l.command!.command === 'kroute.traceRequest');
    assert.equal(traces.length, 8);
    const lens = traces.find((l) => l.range.start.line === lineOf('{path: /aaa/bbb,'))!;
    assert.equal(lens.command!.title, 'Trace a request: GET https://shop.example.com/aaa/bbb');
    const [args] = lens.command!.arguments as [{ uri: string; url: string; via: string }];
    assert.equal(args.uri, uri);
    const result = await client.request<TraceHttpResult>('kroute/traceHttp', args);
    const cli = JSON.parse(
      execFileSync(process.execPath, [CLI, 'trace', ws.dir, '--to', args.url, '--via', args.via, '--format', 'json'], {
        encoding: 'utf8',
      }),
    ) as { trace: TraceHttpResult['trace'] };
    assert.deepEqual(result.trace.outcome, cli.trace.outcome);
    assert.equal(result.trace.outcome.service, 'shop/aaa-bbb');
    assert.match(
      result.text,
      /^Trace an HTTP client outside the cluster, GET → https:\/\/shop\.example\.com\/aaa\/bbb\n/,
    );
    assert.match(result.text, /Ingress shop\/table rule 0 path \/aaa\/bbb \(Prefix\)/);
    assert.match(result.text, /\n {2}service: shop\/aaa-bbb port 80\n/);
  });

  it('kroute/traceHttp answers malformed params and an unknown entry point with InvalidParams', async () => {
    for (const params of [
      { url: 'http://x/' },
      { uri, url: 'http://x/', via: 'ingress:shop/nope' },
      { uri, url: 'ftp://x', via: 'ingress:shop/table' },
    ]) {
      const e = await client.request('kroute/traceHttp', params).then(
        () => undefined,
        (x: unknown) => x,
      );
      assert.ok(e instanceof ResponseError, JSON.stringify(params));
      assert.equal(e.code, -32602);
    }
  });

  it('an HTTPRoute rule lens traced through its Gateway; definition from a parentRef to the Gateway', async () => {
    const gw = ws.uri('gateway-shop.yaml');
    const gwLines = readFileSync(join(ws.dir, 'gateway-shop.yaml'), 'utf8').split('\n');
    const line = (text: string) => gwLines.findIndex((l) => l.includes(text));
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: gw } });
    const lens = lenses.find(
      (l) => l.command!.command === 'kroute.traceRequest' && l.range.start.line === line('value: /store'),
    )!;
    assert.equal(lens.command!.title, 'Trace a request: GET http://api.example.com/store');
    const result = await client.request<TraceHttpResult>('kroute/traceHttp', lens.command!.arguments![0]);
    assert.deepEqual(result.trace.outcome.route, { kind: 'HTTPRoute', name: 'team-a/api', rule: 2 });
    assert.equal(result.trace.outcome.service, 'shared/store');
    const n = line('parentRefs: [{name: edge, namespace: infra}]');
    const [def] = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: gw },
      position: { line: n, character: gwLines[n].indexOf('edge') + 1 },
    });
    assert.equal(gwLines[def.range.start.line], 'metadata: {name: edge, namespace: infra}');
  });

  it('definition from an Ingress backend service.name to the Service', async () => {
    const line = lineOf('{path: /aaa/bbb,');
    const [def] = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri },
      position: { line, character: lines[line].indexOf('aaa-bbb') + 1 },
    });
    assert.equal(def.uri, uri);
    assert.equal(lines[def.range.start.line], 'metadata: {name: aaa-bbb, namespace: shop}');
  });

  it('kroute/traceTargets without params, as an older client sends it, lists the Services, sources and requests', async () => {
    // vscode-jsonrpc hands a request without params only the token, as the handler's first argument.
    const targets = await client.requestWithoutParams<TraceTargets>('kroute/traceTargets');
    assert.ok(
      targets.services.some((s) => s.key === 'shop/aaa-bbb'),
      JSON.stringify(targets.services.map((s) => s.key)),
    );
    assert.ok(targets.sources.length > 0);
    assert.ok(
      targets.requests.some((r) => r.url === 'https://shop.example.com/aaa/bbb'),
      JSON.stringify(targets.requests),
    );
  });
});

// Each picker of the trace and iptables commands asks kroute/traceTargets for its part (at 10k
// manifests the whole answer was 8.5 MB): the Services first, then the sources of the picked
// Service's app, with its likely client.
describe('kroute/traceTargets parts (dist/server.js --stdio)', () => {
  const { ws, client } = indexedClient(resolve(__dirname, '../fixtures/apps/side-by-side-samples'));

  it('include: only the parts asked for', async () => {
    const targets = await client.request<TraceTargets>('kroute/traceTargets', { include: ['services'] });
    // Each app's cluster has the API server's Service (default/kubernetes): listed once.
    assert.deepEqual(targets.services.map((s) => s.key).sort(), [
      'default/demo-first',
      'default/demo-second',
      'default/kubernetes',
    ]);
    assert.deepEqual(
      [targets.sources, targets.nodes, targets.requests, targets.defaultSource],
      [[], [], [], undefined],
    );
    const none = await client.request<TraceTargets>('kroute/traceTargets', null);
    assert.equal(none.services.length, 3, 'null params: every part');
    assert.ok(none.sources.length > 0);
    const nodes = await client.request<TraceTargets>('kroute/traceTargets', { include: ['nodes'] });
    assert.ok(nodes.nodes.length > 0);
    assert.deepEqual(nodes.services, []);
  });

  it("service: the sources of that Service's app only (the sibling sample is another cluster), its likely client first offered", async () => {
    const whole = await client.requestWithoutParams<TraceTargets>('kroute/traceTargets');
    const workloads = (t: TraceTargets) =>
      t.sources.filter((s) => s.source.startsWith('workload:')).map((s) => s.source);
    assert.deepEqual(workloads(whole), [
      'workload:default/Deployment/demo-first',
      'workload:default/Deployment/demo-second',
    ]);
    for (const name of ['first', 'second']) {
      const targets = await client.request<TraceTargets>('kroute/traceTargets', {
        include: ['sources'],
        service: `default/demo-${name}`,
      });
      assert.deepEqual(workloads(targets), [`workload:default/Deployment/demo-${name}`]);
      assert.equal(new Set(targets.sources.map((s) => s.app)).size, 1, JSON.stringify(targets.sources));
      assert.ok(targets.sources.some((s) => s.source.startsWith(`pod:default/demo-${name}-`)));
      // Its only other workload is its own backend: the default falls back to it (defaultClient).
      assert.equal(targets.defaultSource, `workload:default/Deployment/demo-${name}`);
    }
  });

  it("a Service no app declares: every app's sources, no default", async () => {
    const targets = await client.request<TraceTargets>('kroute/traceTargets', {
      include: ['sources'],
      service: 'default/nowhere',
    });
    assert.equal(targets.sources.filter((s) => s.source.startsWith('workload:')).length, 2);
    assert.equal(targets.defaultSource, undefined);
  });

  it("a Service every app declares (the API server's default/kubernetes): the sources of each, the default from the first", async () => {
    const targets = await client.request<TraceTargets>('kroute/traceTargets', {
      include: ['sources'],
      service: 'default/kubernetes',
    });
    const workloads = targets.sources.filter((s) => s.source.startsWith('workload:'));
    assert.deepEqual(
      workloads.map((s) => s.source),
      ['workload:default/Deployment/demo-first', 'workload:default/Deployment/demo-second'],
    );
    assert.equal(new Set(workloads.map((s) => s.app)).size, 2);
    assert.equal(targets.defaultSource, 'workload:default/Deployment/demo-first');
  });

  it("the request a lens sends: its Service's sources only; the Services when asked", async () => {
    const targets = await client.request<TraceTargets>('kroute/traceTargets', {
      include: ['services', 'sources'],
      service: 'default/demo-second',
    });
    assert.deepEqual(
      targets.services.map((s) => s.key).sort(),
      ['default/demo-second', 'default/kubernetes'],
      "the Services of demo-second's app",
    );
    assert.deepEqual(targets.nodes, []);
  });

  it('at: the Service declared around the cursor (what a command run in the editor picks), none outside one', async () => {
    const uri = ws.uri('second/app.yaml');
    const lines = readFileSync(join(ws.dir, 'second/app.yaml'), 'utf8').split('\n');
    const at = (line: number, character = 2) => ({ uri, position: { line, character } });
    const ask = (line: number) =>
      client.request<TraceTargets>('kroute/traceTargets', { include: ['services'], at: at(line) });
    assert.equal((await ask(lines.indexOf('kind: Service'))).here, 'default/demo-second');
    assert.equal((await ask(lines.indexOf('    - port: 80'))).here, 'default/demo-second');
    assert.equal((await ask(lines.indexOf('kind: Deployment'))).here, undefined, 'on the Deployment');
    const elsewhere = await client.request<TraceTargets>('kroute/traceTargets', {
      include: ['services'],
      at: { uri: ws.uri('first/app.yaml'), position: { line: 25, character: 4 } },
    });
    assert.equal(elsewhere.here, 'default/demo-first');
  });

  it('malformed params: an error that says what is wrong, and the server answers the next request', async () => {
    for (const [params, message] of [
      [{ include: ['pods'] }, /include must be a list of services, sources, nodes, requests/],
      [{ include: 'services' }, /include must be a list/],
      [{ service: 'no-namespace' }, /service must be namespace\/name/],
      [[1, 2], /expected an object/],
      ['services', /expected an object/],
      [{ at: { uri: 'file:///x.yaml', position: { line: -1, character: 0 } } }, /at must be \{ uri, position/],
    ] as const) {
      await assert.rejects(
        client.request('kroute/traceTargets', params),
        (e: unknown) => e instanceof ResponseError && message.test(e.message),
        JSON.stringify(params),
      );
    }
    const targets = await client.request<TraceTargets>('kroute/traceTargets', { include: ['services'] });
    assert.equal(targets.services.length, 3);
  });
});
