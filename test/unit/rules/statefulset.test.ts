// statefulset-service-missing (rules/statefulset.ts): how loud, by what is missing and whether
// anything uses the per-pod names. The StatefulSet controller sets each pod's hostname and
// subdomain (= serviceName); cluster DNS serves <hostname>.<subdomain>.<namespace>.svc only from a
// headless Service of that name selecting the pod (Kubernetes DNS specification, "Pod's hostname
// and subdomain fields"). A ClusterIP Service of that name still serves <service> itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers';

function manifests(opts: {
  headless?: boolean;
  serviceSelector?: string;
  podSpec?: string;
  service?: boolean;
}): string {
  const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: mysql
spec:
  serviceName: mysql
  replicas: 3
  selector:
    matchLabels:
      app: mysql
  template:
    metadata:
      labels:
        app: mysql
    spec:
${opts.podSpec ?? '      containers: [{ name: mysql, image: mysql }]'}
`;
  if (opts.service === false) return sts;
  return `${sts}---
apiVersion: v1
kind: Service
metadata:
  name: mysql
spec:
${opts.headless ? '  clusterIP: None\n' : ''}  selector:
    app: ${opts.serviceSelector ?? 'mysql'}
  ports:
    - port: 3306
`;
}

const found = (text: string) =>
  check(text)
    .all.filter((d) => d.code === 'statefulset-service-missing')
    .map((d) => `${d.severity}: ${d.message}`);

describe('statefulset-service-missing: loud where the per-pod names are missing and matter', () => {
  it('no Service of that name: a warning (serviceName points at nothing)', () => {
    assert.deepEqual(found(manifests({ service: false })), [
      'warning: serviceName "mysql" names no Service in namespace "default": the pods get no mysql-0.mysql DNS names.',
    ]);
  });

  it('a headless Service of that name selecting other pods: a warning', () => {
    assert.deepEqual(found(manifests({ headless: true, serviceSelector: 'mariadb' })), [
      "warning: Service default/mysql does not select this StatefulSet's pods: the pods get no mysql-0.mysql DNS names.",
    ]);
  });

  it('a ClusterIP Service of that name that nothing asks a per-pod name of: nothing (the Service name itself resolves)', () => {
    assert.deepEqual(found(manifests({})), []);
    assert.deepEqual(
      found(
        manifests({
          podSpec:
            '      containers: [{ name: mysql, image: mysql, env: [{ name: PEER, value: "mysql-0.mysql-metrics" }] }]',
        }),
      ),
      [],
      "another Service's name is not a per-pod name",
    );
  });

  it('a ClusterIP Service of that name while the pod template uses a per-pod name: a warning naming the use', () => {
    assert.deepEqual(
      found(
        manifests({
          podSpec:
            '      containers: [{ name: mysql, image: mysql, args: ["--report-host=${HOSTNAME}.mysql.db.svc.cluster.local"] }]',
        }),
      ),
      [
        'warning: Service default/mysql is not headless (clusterIP: None): the pods get no mysql-0.mysql DNS names, which the pod template uses (${HOSTNAME}.mysql).',
      ],
    );
    assert.deepEqual(
      found(
        manifests({
          podSpec:
            '      initContainers: [{ name: init, image: busybox, command: ["sh", "-c", "until nslookup mysql-0.mysql; do sleep 1; done"] }]\n      containers: [{ name: mysql, image: mysql }]',
        }),
      ),
      [
        'warning: Service default/mysql is not headless (clusterIP: None): the pods get no mysql-0.mysql DNS names, which the pod template uses (mysql-0.mysql).',
      ],
    );
    assert.deepEqual(
      found(
        manifests({
          serviceSelector: 'mariadb',
          podSpec:
            '      containers: [{ name: mysql, image: mysql, env: [{ name: SELF, value: "$(POD_NAME).mysql" }] }]',
        }),
      ),
      [
        "warning: Service default/mysql is not headless (clusterIP: None) and does not select this StatefulSet's pods: the pods get no mysql-0.mysql DNS names, which the pod template uses ($(POD_NAME).mysql).",
      ],
    );
  });
});
