import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseManifestFile } from '../../../server/src/engine/manifest/parse';

// kubectl get -o yaml|json writes typed lists (PodList, NamespaceList, …) whose items carry no kind
// or apiVersion; meta.IsListType treats them like List and kubectl apply reads them.
describe('typed lists', () => {
  it('a PodList gives v1 Pods, in YAML and JSON', () => {
    const yaml = parseManifestFile(
      'file:///pods.yaml',
      'apiVersion: v1\nkind: PodList\nitems:\n- metadata: { name: a }\n- metadata: { name: b }\n',
    );
    assert.deepEqual(
      yaml.resources.map((r) => `${r.apiVersion} ${r.kind}/${r.name} #${r.itemIndex}`),
      ['v1 Pod/a #0', 'v1 Pod/b #1'],
    );
    const json = parseManifestFile(
      'file:///ns.json',
      '{"kind": "NamespaceList", "apiVersion": "v1", "items": [{"metadata": {"name": "x"}}]}',
    );
    assert.deepEqual(
      json.resources.map((r) => `${r.kind}/${r.name}`),
      ['Namespace/x'],
    );
  });

  it('an item that names its own kind keeps it; a plain List still needs kinds on its items', () => {
    const file = parseManifestFile(
      'file:///l.yaml',
      'apiVersion: v1\nkind: List\nitems:\n- metadata: { name: no-kind }\n- { apiVersion: v1, kind: Service, metadata: { name: s } }\n',
    );
    assert.deepEqual(
      file.resources.map((r) => `${r.kind}/${r.name}`),
      ['Service/s'],
    );
  });
});
