// Upstream's table for validateContainerPorts, case by case: TestValidatePorts in
// kubernetes/kubernetes pkg/apis/core/validation/validation_test.go. Upstream validates a port list
// alone (at the path "field"); here each case's list is the ports of the one container of an
// otherwise valid apps/v1 Deployment (validDeployment(), pkg/apis/apps/validation/validation_test.go),
// where ValidatePodTemplateSpec runs validateContainerPorts at
// spec.template.spec.containers[0].ports. Inapplicable cases are listed with the reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers';
import { validDeployment, type Obj } from './upstream-apps';
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

interface Port {
  name?: string;
  containerPort?: number;
  hostPort?: number;
  protocol?: string;
}
const PORTS = 'spec.template.spec.containers[0].ports';

/** [upstream case name, the container's ports, undefined or the path its error names]. */
const table: [string, Port[], string | undefined][] = [
  [
    'successCase',
    [
      { name: 'abc', containerPort: 80, hostPort: 80, protocol: 'TCP' },
      { name: 'easy', containerPort: 82, protocol: 'TCP' },
      { name: 'as', containerPort: 83, protocol: 'UDP' },
      { name: 'do-re-me', containerPort: 84, protocol: 'SCTP' },
      { containerPort: 85, protocol: 'TCP' },
    ],
    undefined,
  ],
  ['nonCanonicalCase', [{ containerPort: 80, protocol: 'TCP' }], undefined],
  ['name > 15 characters', [{ name: 'a'.repeat(16), containerPort: 80, protocol: 'TCP' }], `${PORTS}[0].name`],
  ['name contains invalid characters', [{ name: 'a.b.c', containerPort: 80, protocol: 'TCP' }], `${PORTS}[0].name`],
  ['name is a number', [{ name: '80', containerPort: 80, protocol: 'TCP' }], `${PORTS}[0].name`],
  [
    'name not unique',
    [
      { name: 'abc', containerPort: 80, protocol: 'TCP' },
      { name: 'abc', containerPort: 81, protocol: 'TCP' },
    ],
    `${PORTS}[1].name`,
  ],
  ['zero container port', [{ containerPort: 0, protocol: 'TCP' }], `${PORTS}[0].containerPort`],
  ['invalid container port', [{ containerPort: 65536, protocol: 'TCP' }], `${PORTS}[0].containerPort`],
  ['invalid host port', [{ containerPort: 80, hostPort: 65536, protocol: 'TCP' }], `${PORTS}[0].hostPort`],
  ['invalid protocol case', [{ containerPort: 80, protocol: 'tcp' }], `${PORTS}[0].protocol`],
  ['invalid protocol', [{ containerPort: 80, protocol: 'ICMP' }], `${PORTS}[0].protocol`],
];

const cases: UpstreamCase<Obj>[] = table.map(([name, ports, path]) => [
  name,
  (d) => {
    d.spec.template.spec.containers[0].ports = ports;
  },
  path,
]);

runUpstreamTable({
  title: 'TestValidatePorts (kubernetes pkg/apis/core/validation/validation_test.go)',
  header: { apiVersion: 'apps/v1', kind: 'Deployment' },
  base: validDeployment,
  cases,
  inapplicable: {
    'protocol required': 'SetDefaults_ContainerPort (pkg/apis/core/v1/defaults.go) defaults a missing protocol to TCP',
  },
});

describe('containerPort absent or null (the Go zero value; not in the table)', () => {
  const errors = (port: Record<string, unknown>) => {
    const d = validDeployment();
    d.spec.template.spec.containers[0].ports = [port];
    return check(JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', ...d }))
      .all.filter((x) => x.severity === 'error')
      .map((x) => `${x.code}: ${x.message}`);
  };

  it('absent: Required value, as for 0', () => {
    assert.deepEqual(errors({ name: 'http', protocol: 'TCP' }), [
      `container-port-invalid: ${PORTS}[0].containerPort: Required value`,
    ]);
  });

  it("null: only the decoder's error (field-type), not a second one", () => {
    assert.deepEqual(
      errors({ name: 'http', containerPort: null }).map((e) => e.split(':')[0]),
      ['field-type'],
    );
  });
});
