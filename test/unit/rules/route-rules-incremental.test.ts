import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Workspace } from '../../../server/src/engine/workspace';

// The route rules read Ingresses, HTTPRoutes and ReferenceGrants besides Services (Rule `kinds`):
// editing only such a manifest must bring their findings up to date, as a full check would.
const route = (service: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: api
spec:
  parentRefs:
    - name: edge
  rules:
    - backendRefs:
        - name: ${service}
          port: 80
`;
const service = `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - port: 80
`;

const codes = (ws: Workspace) =>
  [...ws.diagnostics().values()]
    .flat()
    .filter((d) => d.code.startsWith('route-'))
    .map((d) => `${d.code} ${d.range.start.line}`);

describe('route rules across edits', () => {
  it('an edited HTTPRoute and an added ReferenceGrant update the findings', () => {
    const ws = new Workspace();
    ws.setFile('file:///svc.yaml', service);
    ws.setFile('file:///route.yaml', route('api'));
    assert.deepEqual(codes(ws), []);
    ws.setFile('file:///route.yaml', route('apii'));
    assert.deepEqual(codes(ws), ['route-backend-missing 9']);
    ws.setFile('file:///route.yaml', route('api'));
    assert.deepEqual(codes(ws), []);
    ws.setFile('file:///route.yaml', route('api\n          namespace: other'));
    assert.deepEqual(codes(ws), ['route-ref-not-permitted 10']);
    ws.setFile(
      'file:///grant.yaml',
      'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: other}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]\n  to: [{group: "", kind: Service}]\n',
    );
    assert.deepEqual(codes(ws), ['route-backend-missing 9']);
  });
});
