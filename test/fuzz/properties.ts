import fc from 'fast-check';
import { LineIndex } from '../../server/src/engine/manifest/positions';
import { Workspace } from '../../server/src/engine/workspace';
import type { Diagnostic } from '../../server/src/engine/types';
import { brokenManifestText, manifestText, nonKubernetesText } from './arbitraries';

/** Every diagnostic range lies inside its document: real lines, characters within the line. */
export function assertRangesInside(text: string, diagnostics: Diagnostic[]): void {
  const lines = new LineIndex(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  for (const d of diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      if (p.line < 0 || p.line >= lines.lineCount)
        throw new Error(`${d.code}: line ${p.line} outside a ${lines.lineCount}-line document`);
      const len = lines.lineText(p.line).length;
      if (p.character < 0 || p.character > len)
        throw new Error(`${d.code}: character ${p.character} outside line ${p.line} (length ${len})`);
    }
    if (
      d.range.start.line > d.range.end.line ||
      (d.range.start.line === d.range.end.line && d.range.start.character > d.range.end.character)
    ) {
      throw new Error(`${d.code}: range ends before it starts`);
    }
  }
}

function analyse(files: string[]): { ws: Workspace; diagnostics: Map<string, Diagnostic[]> } {
  const ws = new Workspace();
  files.forEach((t, i) => ws.setFile(`file:///fuzz/f${i}.yaml`, t));
  return { ws, diagnostics: ws.diagnostics() };
}

/** Nothing throws and every diagnostic range is inside its document. */
export function checkSafe(files: string[]): void {
  const { diagnostics } = analyse(files);
  files.forEach((t, i) => assertRangesInside(t, diagnostics.get(`file:///fuzz/f${i}.yaml`) ?? []));
}

/** YAML that is not Kubernetes never gets a diagnostic, even when broken. */
export function checkSilent(text: string): void {
  const list = analyse([text]).diagnostics.get('file:///fuzz/f0.yaml') ?? [];
  if (list.length) throw new Error(`non-Kubernetes YAML got ${list.map((d) => d.code).join(', ')}`);
}

/** Every endpoint's pod carries all selector labels and lives in the Service's namespace. */
export function checkEndpoints(files: string[]): void {
  const cluster = analyse(files).ws.cluster();
  for (const s of cluster.services) {
    for (const slice of s.endpointSlices) {
      for (const e of slice.endpoints) {
        const pod = e.pod;
        if (!pod) continue;
        if (pod.namespace !== s.namespace) throw new Error(`${s.key} selected a pod in ${pod.namespace}`);
        for (const [k, v] of Object.entries(s.selector ?? {}))
          if (pod.labels[k] !== v) throw new Error(`${s.key}: pod ${pod.name} lacks ${k}=${v}`);
      }
    }
  }
}

/** The same files in another order give the same diagnostics and the same addresses. */
export function checkOrderIndependent(files: string[]): void {
  const a = analyse(files);
  const b = new Workspace();
  [...files.keys()].reverse().forEach((i) => b.setFile(`file:///fuzz/f${i}.yaml`, files[i]));
  const summary = (ws: Workspace) =>
    ws
      .cluster()
      .services.map((s) => `${s.key} ${s.clusterIP} ${s.ports.map((p) => p.nodePort).join()}`)
      .join('\n') +
    ws
      .cluster()
      .pods.map((p) => `${p.namespace}/${p.name} ${p.ip} ${p.nodeName}`)
      .sort()
      .join('\n');
  if (summary(a.ws) !== summary(b)) throw new Error('model depends on file order');
  const norm = (list: Diagnostic[]) => JSON.stringify(list.map((d) => [d.code, d.range, d.message]).sort());
  for (const [uri, list] of a.diagnostics) {
    if (norm(list) !== norm(b.diagnostics().get(uri) ?? []))
      throw new Error(`diagnostics of ${uri} depend on file order`);
  }
}

/** The engine's robustness properties, shared by the quick slice in `npm test` and `npm run fuzz`. */
export const properties = {
  anyInputIsSafe: fc.property(
    fc.array(fc.oneof(manifestText, brokenManifestText), { minLength: 1, maxLength: 4 }),
    checkSafe,
  ),
  nonKubernetesIsSilent: fc.property(nonKubernetesText, checkSilent),
  endpointsMatchSelectors: fc.property(fc.array(manifestText, { minLength: 1, maxLength: 4 }), checkEndpoints),
  orderIndependent: fc.property(fc.array(manifestText, { minLength: 2, maxLength: 4 }), checkOrderIndependent),
} as unknown as Record<string, fc.IProperty<[unknown]>>;
