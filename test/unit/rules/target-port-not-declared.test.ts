// target-port-not-declared (rules/endpoints.ts): FindPort uses a numeric targetPort as is, and
// containerPort is informational (core/v1 Container.ports: "Not specifying a port here DOES NOT
// prevent that port from being exposed"). A hint, and none when the pod spec says the program
// listens there: the number in its args, command or env, or a probe on it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers';

const manifests = (container: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: echo
spec:
  selector:
    matchLabels: { app: echo }
  template:
    metadata:
      labels: { app: echo }
    spec:
      containers:
        - name: echo
          image: echo:1.18080
          ports: [{ containerPort: 8080 }]
${container}
---
apiVersion: v1
kind: Service
metadata:
  name: echo
spec:
  selector: { app: echo }
  ports:
    - port: 80
      targetPort: 18080
`;

const found = (container: string) =>
  check(manifests(container))
    .all.filter((d) => d.code === 'target-port-not-declared')
    .map((d) => `${d.severity}: ${d.message}`);

describe('target-port-not-declared', () => {
  it('is a hint when nothing in the pod spec mentions the port (an image tag does not count)', () => {
    assert.deepEqual(found(''), [
      'hint: targetPort 18080/TCP is not a declared containerPort of the selected pods (they declare 8080/TCP); traffic goes to port 18080 whether or not anything listens there.',
    ]);
    assert.equal(found('          args: ["--port", "180800"]').length, 1, 'another number');
  });

  it('is silent when the pods declare several ports of that protocol (a multi-port image declaring some of its ports)', () => {
    const several = manifests('').replace(
      'ports: [{ containerPort: 8080 }]',
      'ports: [{ containerPort: 8080 }, { containerPort: 16686 }]',
    );
    assert.deepEqual(
      check(several).all.filter((d) => d.code === 'target-port-not-declared'),
      [],
    );
  });

  it('is reported when the target is a declared hostPort: hostPort and containerPort confused', () => {
    const hostPort = manifests('').replace(
      'ports: [{ containerPort: 8080 }]',
      'ports: [{ containerPort: 2368, hostPort: 18080 }, { containerPort: 9090 }]',
    );
    assert.equal(check(hostPort).all.filter((d) => d.code === 'target-port-not-declared').length, 1);
  });

  it('is silent when args, command or env set the port, or a probe checks it', () => {
    assert.deepEqual(found('          args: ["--port", "18080"]'), []);
    assert.deepEqual(found('          command: ["/echo", "--listen=:18080"]'), []);
    assert.deepEqual(found('          env: [{ name: PORT, value: "18080" }]'), []);
    assert.deepEqual(found('          readinessProbe: { tcpSocket: { port: 18080 } }'), []);
  });
});
