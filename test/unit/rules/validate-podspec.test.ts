// Upstream's tables for the pod spec, case by case: TestValidateContainers, TestValidateInitContainers,
// TestValidateProbe, Test_validateProbe, TestValidateHandler, TestValidateRestartPolicy,
// TestValidateDNSPolicy and TestValidatePodDNSConfig in kubernetes/kubernetes
// pkg/apis/core/validation/validation_test.go. Each case is written as the manifest a user would
// apply: the containers of TestValidateContainers in a Deployment's template (its success cases
// include the template-only " " image), the init containers of TestValidateInitContainers in a Pod
// with restartPolicy Never beside the table's regular container "app", the probe, handler, policy and
// DNS cases in a Pod (podtest.MakePodSpec()). Paths are the upstream field paths under the
// manifest's pod spec. Inapplicable cases are listed with the reason.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { VOLUME_SOURCES } from '../../../server/src/engine/rules/pod-volumes';
import { fieldsOf } from '../../../server/src/engine/validation/kubernetes-fields';
import { check } from './helpers';
import { makePodSpec, validDeployment, type Obj } from './upstream-apps';
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

type C = Record<string, unknown>;

/** A container as the tables write them: image "image", IfNotPresent, File. */
const ctr = (name: string, extra: C = {}): C => ({
  name,
  image: 'image',
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePolicy: 'File',
  ...extra,
});
const tcp80 = { tcpSocket: { port: 80 } };
const negativeProbe = {
  ...tcp80,
  initialDelaySeconds: -1,
  timeoutSeconds: -1,
  periodSeconds: -1,
  successThreshold: -1,
  failureThreshold: -1,
  terminationGracePeriodSeconds: -1,
};
const resources = (limits?: C, requests?: C) => ({
  resources: { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) },
});
const cpuMemory = (cpu: string, memory: string) => ({ cpu, memory });
const restart = (restartPolicy: string) => ({ restartPolicy });
const preStop = (handler: C) => ({ lifecycle: { preStop: handler } });

const pod = (): Obj => ({ metadata: { name: 'pod', namespace: 'default' }, spec: makePodSpec() });
const POD = { apiVersion: 'v1', kind: 'Pod' };
const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' };

// TestValidateContainers: successCase, one container per case, then all of them together.
const containerSuccess: C[] = [
  ctr('abc'),
  ctr('def', { image: ' ' }),
  ctr('ghi', { image: ' some  ' }),
  ctr('123'),
  ctr('abc-123'),
  ctr('life-123', preStop({ exec: { command: ['ls', '-l'] } })),
  ctr('resources-test', resources({ cpu: '10', memory: '10G', 'my.org/resource': '10' })),
  ctr('resources-test-with-request-and-limit', resources(cpuMemory('10', '10G'), cpuMemory('10', '10G'))),
  ctr('resources-request-limit-simple', resources({ cpu: '10' }, { cpu: '8' })),
  ctr(
    'resources-request-limit-edge',
    resources(
      { cpu: '10', memory: '10G', 'my.org/resource': '10' },
      { cpu: '10', memory: '10G', 'my.org/resource': '10' },
    ),
  ),
  ctr('resources-request-limit-partials', resources({ cpu: '10', 'my.org/resource': '10' }, cpuMemory('9.5', '10G'))),
  ctr('resources-request', resources(undefined, cpuMemory('9.5', '10G'))),
  ctr('resources-resize-policy', {
    resizePolicy: [
      { resourceName: 'cpu', restartPolicy: 'NotRequired' },
      { resourceName: 'memory', restartPolicy: 'RestartContainer' },
    ],
  }),
  ctr('same-host-port-different-protocol', {
    ports: [
      { containerPort: 80, hostPort: 80, protocol: 'TCP' },
      { containerPort: 80, hostPort: 80, protocol: 'UDP' },
    ],
  }),
  ctr('fallback-to-logs-termination-message', { terminationMessagePolicy: 'FallbackToLogsOnError' }),
  ctr('file-termination-message'),
  ctr('env-from-source', { envFrom: [{ configMapRef: { name: 'test' } }] }),
  ctr('abc-1234', { securityContext: { privileged: true } }),
  ctr('live-123', { livenessProbe: { ...tcp80, successThreshold: 1 } }),
  ctr('startup-123', { startupProbe: { ...tcp80, successThreshold: 1 } }),
  ctr('resize-policy-cpu', { resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }] }),
  ctr('resize-policy-mem', { resizePolicy: [{ resourceName: 'memory', restartPolicy: 'RestartContainer' }] }),
  ctr('resize-policy-cpu-and-mem', {
    resizePolicy: [
      { resourceName: 'memory', restartPolicy: 'NotRequired' },
      { resourceName: 'cpu', restartPolicy: 'RestartContainer' },
    ],
  }),
];

const T = 'spec.template.spec.containers';
const withContainers =
  (...containers: C[]) =>
  (d: Obj) => {
    (d.spec.template as { spec: C }).spec.containers = containers;
  };

const containerCases: UpstreamCase<Obj>[] = [
  ...containerSuccess.map((c): UpstreamCase<Obj> => [`successCase ${String(c.name)}`, withContainers(c), undefined]),
  ['successCase, all together', withContainers(...containerSuccess), undefined],
  ['zero-length name', withContainers(ctr('')), `${T}[0].name`],
  ['zero-length-image', withContainers(ctr('abc', { image: '' })), `${T}[0].image`],
  ['name > 63 characters', withContainers(ctr('a'.repeat(64))), `${T}[0].name`],
  ['name not a DNS label', withContainers(ctr('a.b.c')), `${T}[0].name`],
  ['name not unique', withContainers(ctr('abc'), ctr('abc')), `${T}[1].name`],
  ['zero-length image', withContainers(ctr('abc', { image: '' })), `${T}[0].image`],
  [
    'host port not unique',
    withContainers(
      ctr('abc', { ports: [{ containerPort: 80, hostPort: 80, protocol: 'TCP' }] }),
      ctr('def', { ports: [{ containerPort: 81, hostPort: 80, protocol: 'TCP' }] }),
    ),
    `${T}[1].ports[0].hostPort`,
  ],
  [
    'unknown volume name',
    withContainers(ctr('abc', { volumeMounts: [{ name: 'anything', mountPath: '/foo' }] })),
    `${T}[0].volumeMounts[0].name`,
  ],
  [
    'invalid lifecycle, no exec command.',
    withContainers(ctr('life-123', preStop({ exec: {} }))),
    `${T}[0].lifecycle.preStop.exec.command`,
  ],
  [
    'invalid lifecycle, no http port.',
    withContainers(ctr('life-123', preStop({ httpGet: { path: '/', scheme: 'HTTP' } }))),
    `${T}[0].lifecycle.preStop.httpGet.port`,
  ],
  [
    'invalid lifecycle, no tcp socket port.',
    withContainers(ctr('life-123', preStop({ tcpSocket: {} }))),
    `${T}[0].lifecycle.preStop.tcpSocket.port`,
  ],
  [
    'invalid lifecycle, zero tcp socket port.',
    withContainers(ctr('life-123', preStop({ tcpSocket: { port: 0 } }))),
    `${T}[0].lifecycle.preStop.tcpSocket.port`,
  ],
  ['invalid lifecycle, no action.', withContainers(ctr('life-123', preStop({}))), `${T}[0].lifecycle.preStop`],
  [
    'invalid readiness probe, terminationGracePeriodSeconds set.',
    withContainers(ctr('life-123', { readinessProbe: { ...tcp80, terminationGracePeriodSeconds: 10 } })),
    `${T}[0].readinessProbe.terminationGracePeriodSeconds`,
  ],
  [
    'invalid liveness probe, no tcp socket port.',
    withContainers(ctr('live-123', { livenessProbe: { tcpSocket: {}, successThreshold: 1 } })),
    `${T}[0].livenessProbe.tcpSocket.port`,
  ],
  [
    'invalid liveness probe, no action.',
    withContainers(ctr('live-123', { livenessProbe: { successThreshold: 1 } })),
    `${T}[0].livenessProbe`,
  ],
  [
    'invalid liveness probe, successThreshold != 1',
    withContainers(ctr('live-123', { livenessProbe: { ...tcp80, successThreshold: 2 } })),
    `${T}[0].livenessProbe.successThreshold`,
  ],
  [
    'invalid startup probe, successThreshold != 1',
    withContainers(ctr('startup-123', { startupProbe: { ...tcp80, successThreshold: 2 } })),
    `${T}[0].startupProbe.successThreshold`,
  ],
  ...(['livenessProbe', 'readinessProbe', 'startupProbe'] as const).flatMap((probe) =>
    [
      'initialDelaySeconds',
      'timeoutSeconds',
      'periodSeconds',
      'successThreshold',
      'failureThreshold',
      'terminationGracePeriodSeconds',
    ].map((f): UpstreamCase<Obj> => [
      `invalid ${probe.replace('Probe', '')} probe, negative numbers (${f})`,
      withContainers(ctr('probe-123', { [probe]: negativeProbe })),
      `${T}[0].${probe}.${f}`,
    ]),
  ),
  [
    'invalid message termination policy',
    withContainers(ctr('life-123', { terminationMessagePolicy: 'Unknown' })),
    `${T}[0].terminationMessagePolicy`,
  ],
  [
    'invalid compute resource',
    withContainers(ctr('abc-123', resources({ disk: '10G' }))),
    `${T}[0].resources.limits[disk]`,
  ],
  [
    'Resource CPU invalid',
    withContainers(ctr('abc-123', resources(cpuMemory('-10', '0')))),
    `${T}[0].resources.limits[cpu]`,
  ],
  [
    'Resource Requests CPU invalid',
    withContainers(ctr('abc-123', resources(undefined, cpuMemory('-10', '0')))),
    `${T}[0].resources.requests[cpu]`,
  ],
  [
    'Resource Memory invalid',
    withContainers(ctr('abc-123', resources(cpuMemory('0', '-10')))),
    `${T}[0].resources.limits[memory]`,
  ],
  [
    'Request limit simple invalid',
    withContainers(ctr('abc-123', resources(cpuMemory('5', '3'), cpuMemory('6', '3')))),
    `${T}[0].resources.requests`,
  ],
  [
    'Invalid storage limit request',
    withContainers(ctr('abc-123', resources({ 'attachable-volumes-aws-ebs': 10 }))),
    `${T}[0].resources.limits[attachable-volumes-aws-ebs]`,
  ],
  [
    'CPU request limit multiple invalid',
    withContainers(ctr('abc-123', resources(cpuMemory('5', '3'), cpuMemory('6', '3')))),
    `${T}[0].resources.requests`,
  ],
  [
    'Memory request limit multiple invalid',
    withContainers(ctr('abc-123', resources(cpuMemory('5', '3'), cpuMemory('5', '4')))),
    `${T}[0].resources.requests`,
  ],
  [
    'Invalid env from',
    withContainers(ctr('env-from-source', { envFrom: [{ configMapRef: { name: '$%^&*#' } }] })),
    `${T}[0].envFrom[0].configMapRef.name`,
  ],
  [
    'Unsupported resize policy for memory',
    withContainers(
      ctr('resize-policy-mem-invalid', {
        resizePolicy: [{ resourceName: 'memory', restartPolicy: 'RestartContainerrrr' }],
      }),
    ),
    `${T}[0].resizePolicy`,
  ],
  [
    'Unsupported resize policy for CPU',
    withContainers(
      ctr('resize-policy-cpu-invalid', {
        resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'RestartNotRequired' }],
      }),
    ),
    `${T}[0].resizePolicy`,
  ],
  ...['invalid', ''].map((p): UpstreamCase<Obj> => [
    `Forbidden RestartPolicy: ${p || 'empty'}`,
    withContainers(ctr('foo', restart(p))),
    `${T}[0].restartPolicy`,
  ]),
];

runUpstreamTable({
  title: 'TestValidateContainers (pkg/apis/core/validation/validation_test.go), in a Deployment template',
  header: DEPLOYMENT,
  base: validDeployment,
  cases: containerCases,
  inapplicable: {
    'invalid env var name':
      'RelaxedEnvironmentVariableValidation is on by default since 1.32 (GA in 1.34): the API server accepts "ev!1"; the table runs the strict check',
    'invalid lifecycle, no http path.': 'SetDefaults_HTTPGetAction writes path "/" before validation',
    'invalid lifecycle, no http scheme.': 'SetDefaults_HTTPGetAction writes scheme HTTP before validation',
    'empty message termination policy': 'SetDefaults_Container writes terminationMessagePolicy File before validation',
    'privilege disabled':
      "depends on the API server's --allow-privileged flag (the table turns it off); kroute cannot know the cluster's",
    'Forbidden RestartPolicy: Always, OnFailure, Never':
      'the table runs with ContainerRestartRules off; the API server has it on by default since 1.35 (kubernetes#134631) and accepts these on an app container (see the test below)',
  },
});

// TestValidateInitContainers: a Pod with restartPolicy Never (the table's PodRestartPolicy) and the
// regular container "app".
const I = 'spec.initContainers';
const withInit =
  (...initContainers: C[]) =>
  (p: Obj) => {
    p.spec.restartPolicy = 'Never';
    p.spec.containers = [ctr('app', { image: 'nginx' })];
    p.spec.initContainers = initContainers;
  };
const sameHostPort = {
  ports: [
    { containerPort: 80, hostPort: 80, protocol: 'TCP' },
    { containerPort: 80, hostPort: 80, protocol: 'UDP' },
  ],
};
const initSuccess: C[] = [
  ctr('container-1-same-host-port-different-protocol', sameHostPort),
  ctr('container-2-same-host-port-different-protocol', sameHostPort),
  ctr('container-3-restart-always-with-lifecycle-hook-and-probes', {
    restartPolicy: 'Always',
    lifecycle: {
      postStart: { exec: { command: ['echo', 'post start'] } },
      preStop: { exec: { command: ['echo', 'pre stop'] } },
    },
    livenessProbe: { ...tcp80, successThreshold: 1 },
    readinessProbe: tcp80,
    startupProbe: { ...tcp80, successThreshold: 1 },
  }),
  ctr('container-4-allowed-resize-policy', { resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }] }),
];
const restartable = (name: string, extra: C) => ctr(name, { restartPolicy: 'Always', ...extra });

const initCases: UpstreamCase<Obj>[] = [
  ...initSuccess.map((c): UpstreamCase<Obj> => [`successCase ${String(c.name)}`, withInit(c), undefined]),
  ['successCase, all together', withInit(...initSuccess), undefined],
  ['empty name', withInit(ctr('')), `${I}[0].name`],
  ['name collision with regular container', withInit(ctr('app')), `${I}[0].name`],
  [
    'invalid termination message policy',
    withInit(ctr('init', { terminationMessagePolicy: 'Unknown' })),
    `${I}[0].terminationMessagePolicy`,
  ],
  ['duplicate names', withInit(ctr('init'), ctr('init')), `${I}[1].name`],
  [
    'duplicate ports',
    withInit(
      ctr('abc', {
        ports: [
          { containerPort: 8080, hostPort: 8080, protocol: 'TCP' },
          { containerPort: 8080, hostPort: 8080, protocol: 'TCP' },
        ],
      }),
    ),
    `${I}[0].ports[1].hostPort`,
  ],
  [
    'uses disallowed field: Lifecycle',
    withInit(ctr('debug', preStop({ exec: { command: ['ls', '-l'] } }))),
    `${I}[0].lifecycle`,
  ],
  [
    'uses disallowed field: LivenessProbe',
    withInit(ctr('debug', { livenessProbe: { ...tcp80, successThreshold: 1 } })),
    `${I}[0].livenessProbe`,
  ],
  [
    'uses disallowed field: ReadinessProbe',
    withInit(ctr('debug', { readinessProbe: tcp80 })),
    `${I}[0].readinessProbe`,
  ],
  [
    'Container uses disallowed field: StartupProbe',
    withInit(ctr('debug', { startupProbe: { ...tcp80, successThreshold: 1 } })),
    `${I}[0].startupProbe`,
  ],
  [
    'Disallowed field with other errors should only return a single Forbidden',
    withInit(ctr('debug', { startupProbe: negativeProbe })),
    `${I}[0].startupProbe`,
  ],
  ...['invalid', ''].map((p): UpstreamCase<Obj> => [
    `Not supported RestartPolicy: ${p || 'empty'}`,
    withInit(ctr('init', restart(p))),
    `${I}[0].restartPolicy`,
  ]),
  [
    'invalid startup probe in restartable container, successThreshold != 1',
    withInit(restartable('restartable-init', { startupProbe: { ...tcp80, successThreshold: 2 } })),
    `${I}[0].startupProbe.successThreshold`,
  ],
  [
    'invalid readiness probe, terminationGracePeriodSeconds set.',
    withInit(restartable('life-123', { readinessProbe: { ...tcp80, terminationGracePeriodSeconds: 10 } })),
    `${I}[0].readinessProbe.terminationGracePeriodSeconds`,
  ],
  [
    'invalid liveness probe, successThreshold != 1',
    withInit(restartable('live-123', { livenessProbe: { ...tcp80, successThreshold: 2 } })),
    `${I}[0].livenessProbe.successThreshold`,
  ],
  [
    'invalid lifecycle, no exec command.',
    withInit(restartable('life-123', preStop({ exec: {} }))),
    `${I}[0].lifecycle.preStop.exec.command`,
  ],
  [
    'invalid lifecycle, no http port.',
    withInit(restartable('life-123', preStop({ httpGet: { path: '/', scheme: 'HTTP' } }))),
    `${I}[0].lifecycle.preStop.httpGet.port`,
  ],
  [
    'invalid lifecycle, no tcp socket port.',
    withInit(restartable('life-123', preStop({ tcpSocket: {} }))),
    `${I}[0].lifecycle.preStop.tcpSocket.port`,
  ],
  [
    'invalid lifecycle, zero tcp socket port.',
    withInit(restartable('life-123', preStop({ tcpSocket: { port: 0 } }))),
    `${I}[0].lifecycle.preStop.tcpSocket.port`,
  ],
  ['invalid lifecycle, no action.', withInit(restartable('life-123', preStop({}))), `${I}[0].lifecycle.preStop`],
];

runUpstreamTable({
  title: 'TestValidateInitContainers (pkg/apis/core/validation/validation_test.go), in a Pod',
  header: POD,
  base: pod,
  cases: initCases,
  inapplicable: {
    'invalid lifecycle, no http path.': 'SetDefaults_HTTPGetAction writes path "/" before validation',
    'invalid lifecycle, no http scheme.': 'SetDefaults_HTTPGetAction writes scheme HTTP before validation',
    'Not supported ResizePolicy: invalid':
      'runs with AllowSidecarResizePolicy off; the API server allows an init container resizePolicy while InPlacePodVerticalScaling is on (default since 1.33)',
    'Not supported RestartPolicy: OnFailure, Never':
      'the table runs with ContainerRestartRules off; the API server has it on by default since 1.35 (kubernetes#134631) and accepts these on an init container (see the test below)',
  },
});

// TestValidateProbe, Test_validateProbe and TestValidateHandler call validateProbe/validateHandler
// alone; here the probe is a readinessProbe (which accepts any successThreshold), except where a
// terminationGracePeriodSeconds is written: a readinessProbe may not have one, so those cases use a
// livenessProbe (whose unwritten successThreshold is defaulted to 1).
const R = 'spec.containers[0].readinessProbe';
const L = 'spec.containers[0].livenessProbe';
const withProbe =
  (probe: C, field = 'readinessProbe') =>
  (p: Obj) => {
    (p.spec.containers as C[])[0][field] = probe;
  };
const echo = { exec: { command: ['echo'] } };
const positive = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

runUpstreamTable({
  title: 'TestValidateProbe (pkg/apis/core/validation/validation_test.go), as a readinessProbe',
  header: POD,
  base: pod,
  cases: [
    ['successCases nil (no probe)', () => undefined, undefined],
    ...positive.map((f): UpstreamCase<Obj> => [`successCases ${f} 10`, withProbe({ ...echo, [f]: 10 }), undefined]),
    [
      'errorCases {TimeoutSeconds: 10, InitialDelaySeconds: 10} (no handler)',
      withProbe({ timeoutSeconds: 10, initialDelaySeconds: 10 }),
      R,
    ],
    ...positive.map((f): UpstreamCase<Obj> => [`errorCases ${f} -10`, withProbe({ ...echo, [f]: -10 }), `${R}.${f}`]),
  ],
  inapplicable: {},
});

runUpstreamTable({
  title: 'Test_validateProbe (pkg/apis/core/validation/validation_test.go), as a readinessProbe or livenessProbe',
  header: POD,
  base: pod,
  cases: [
    ['empty probe: Required "must specify a handler type"', withProbe({}), R],
    ['exec echo', withProbe(echo), undefined],
    ...positive.map((f): UpstreamCase<Obj> => [`${f} -1`, withProbe({ ...echo, [f]: -1 }), `${R}.${f}`]),
    [
      'terminationGracePeriodSeconds -1',
      withProbe({ ...echo, terminationGracePeriodSeconds: -1 }, 'livenessProbe'),
      `${L}.terminationGracePeriodSeconds`,
    ],
    [
      'terminationGracePeriodSeconds 0',
      withProbe({ ...echo, terminationGracePeriodSeconds: 0 }, 'livenessProbe'),
      `${L}.terminationGracePeriodSeconds`,
    ],
    [
      'terminationGracePeriodSeconds 1',
      withProbe({ ...echo, terminationGracePeriodSeconds: 1 }, 'livenessProbe'),
      undefined,
    ],
  ],
  inapplicable: {},
});

const httpGet = (h: C) => withProbe({ httpGet: h });
runUpstreamTable({
  title: 'TestValidateHandler (pkg/apis/core/validation/validation_test.go), as a readinessProbe handler',
  header: POD,
  base: pod,
  cases: [
    ['successCases exec echo', withProbe(echo), undefined],
    ['successCases httpGet / port 1', httpGet({ path: '/', port: 1, host: '', scheme: 'HTTP' }), undefined],
    [
      'successCases httpGet /foo port 65535 host',
      httpGet({ path: '/foo', port: 65535, host: 'host', scheme: 'HTTP' }),
      undefined,
    ],
    ['successCases httpGet named port', httpGet({ path: '/', port: 'port', host: '', scheme: 'HTTP' }), undefined],
    [
      'successCases httpGet Host header',
      httpGet({ path: '/', port: 'port', scheme: 'HTTP', httpHeaders: [{ name: 'Host', value: 'foo.example.com' }] }),
      undefined,
    ],
    [
      'successCases httpGet repeated X-Forwarded-For header',
      httpGet({
        path: '/',
        port: 'port',
        scheme: 'HTTP',
        httpHeaders: [
          { name: 'X-Forwarded-For', value: '1.2.3.4' },
          { name: 'X-Forwarded-For', value: '5.6.7.8' },
        ],
      }),
      undefined,
    ],
    ['errorCases {} (no handler)', withProbe({}), R],
    ['errorCases exec with no command', withProbe({ exec: { command: [] } }), `${R}.exec.command`],
    ['errorCases httpGet port 0', httpGet({ path: '', port: 0, host: '' }), `${R}.httpGet.port`],
    ['errorCases httpGet port 65536', httpGet({ path: '/foo', port: 65536, host: 'host' }), `${R}.httpGet.port`],
    ['errorCases httpGet port ""', httpGet({ path: '', port: '', host: '' }), `${R}.httpGet.port`],
    [
      'errorCases header name "Host:"',
      httpGet({ path: '/', port: 'port', scheme: 'HTTP', httpHeaders: [{ name: 'Host:', value: 'foo.example.com' }] }),
      `${R}.httpGet.httpHeaders`,
    ],
    [
      'errorCases header name "X_Forwarded_For"',
      httpGet({
        path: '/',
        port: 'port',
        scheme: 'HTTP',
        httpHeaders: [{ name: 'X_Forwarded_For', value: 'foo.example.com' }],
      }),
      `${R}.httpGet.httpHeaders`,
    ],
  ],
  inapplicable: {},
});

const set = (field: string, value: unknown) => (p: Obj) => {
  p.spec[field] = value;
};

runUpstreamTable({
  title: 'TestValidateRestartPolicy (pkg/apis/core/validation/validation_test.go), in a Pod',
  header: POD,
  base: pod,
  cases: [
    ...['Always', 'OnFailure', 'Never'].map((v): UpstreamCase<Obj> => [
      `successCases ${v}`,
      set('restartPolicy', v),
      undefined,
    ]),
    ['errorCases "newpolicy"', set('restartPolicy', 'newpolicy'), 'spec.restartPolicy'],
  ],
  inapplicable: {
    'errorCases ""': 'SetDefaults_PodSpec writes restartPolicy Always for an empty one before validation',
  },
});

runUpstreamTable({
  title: 'TestValidateDNSPolicy (pkg/apis/core/validation/validation_test.go), in a Pod',
  header: POD,
  base: pod,
  cases: [
    ...['ClusterFirst', 'Default', 'ClusterFirstWithHostNet'].map((v): UpstreamCase<Obj> => [
      `successCases ${v}`,
      set('dnsPolicy', v),
      undefined,
    ]),
    [
      // validatePodDNSConfig requires a dnsConfig with a nameserver for None; the table checks the enum alone.
      'successCases None (with the dnsConfig a Pod needs for it)',
      (p) => Object.assign(p.spec, { dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'] } }),
      undefined,
    ],
    ['errorCases "invalid"', set('dnsPolicy', 'invalid'), 'spec.dnsPolicy'],
  ],
  inapplicable: {
    'errorCases ""': 'SetDefaults_PodSpec writes dnsPolicy ClusterFirst for an empty one before validation',
  },
});

const a = (n: number) => 'a'.repeat(n);
const dns =
  (dnsConfig: C, dnsPolicy = 'ClusterFirst') =>
  (p: Obj) =>
    Object.assign(p.spec, { dnsPolicy, dnsConfig });
const D = 'spec.dnsConfig';
const SIX = ['custom', 'mydomain.com', 'local', 'cluster.local', 'svc.cluster.local', 'default.svc.cluster.local.'];
const thirtyTwo = [...SIX, ...Array.from({ length: 26 }, (_, i) => String(i + 7))];

runUpstreamTable({
  title: 'TestValidatePodDNSConfig (pkg/apis/core/validation/validation_test.go), in a Pod',
  header: POD,
  base: pod,
  cases: [
    ['valid: empty DNSConfig', dns({}), undefined],
    ['valid: 1 option', dns({ options: [{ name: 'ndots', value: '2' }] }), undefined],
    ['valid: 1 nameserver', dns({ nameservers: ['127.0.0.1'] }), undefined],
    ['valid: DNSNone with 1 nameserver', dns({ nameservers: ['127.0.0.1'] }, 'None'), undefined],
    ['valid: 1 search path', dns({ searches: ['custom'] }), undefined],
    ['valid: 1 search path with trailing period', dns({ searches: ['custom.'] }), undefined],
    [
      'valid: 3 nameservers and 6 search paths(legacy)',
      dns({ nameservers: ['127.0.0.1', '10.0.0.10', '8.8.8.8'], searches: SIX }),
      undefined,
    ],
    [
      'valid: 3 nameservers and 32 search paths',
      dns({ nameservers: ['127.0.0.1', '10.0.0.10', '8.8.8.8'], searches: thirtyTwo }),
      undefined,
    ],
    [
      'valid: 256 characters in search path list(legacy)',
      dns({ searches: [a(1), a(50), a(50), a(50), a(50), a(50)] }),
      undefined,
    ],
    [
      'valid: 2048 characters in search path list',
      dns({ searches: [a(64), ...Array<string>(31).fill(a(63))] }),
      undefined,
    ],
    ['valid: ipv6 nameserver', dns({ nameservers: ['FE80::0202:B3FF:FE1E:8329'] }), undefined],
    [
      'invalid: 4 nameservers',
      dns({ nameservers: ['127.0.0.1', '10.0.0.10', '8.8.8.8', '1.2.3.4'] }),
      `${D}.nameservers`,
    ],
    [
      'valid: 7 search paths',
      dns({ searches: [...SIX.slice(0, 5), 'default.svc.cluster.local', 'exceeded'] }),
      undefined,
    ],
    ['invalid: 33 search paths', dns({ searches: [...thirtyTwo, '33'] }), `${D}.searches`],
    [
      'valid: 257 characters in search path list',
      dns({ searches: [a(2), a(50), a(50), a(50), a(50), a(50)] }),
      undefined,
    ],
    [
      'invalid: 2049 characters in search path list',
      dns({ searches: [a(65), ...Array<string>(31).fill(a(63))] }),
      `${D}.searches`,
    ],
    ['invalid search path', dns({ searches: ['custom?'] }), `${D}.searches[0]`],
    ['invalid nameserver', dns({ nameservers: ['invalid'] }), `${D}.nameservers[0]`],
    ['invalid empty option name', dns({ options: [{ value: '2' }] }), `${D}.options[0]`],
    ['invalid: DNSNone with 0 nameserver', dns({ searches: ['custom'] }, 'None'), `${D}.nameservers`],
  ],
  inapplicable: {},
});

// TestValidatePodSpec: podtest.MakePod("") with the table's setters, as a Pod manifest (v1 writes
// hostNetwork, hostIPC, hostPID and shareProcessNamespace on the spec, the rest of the internal
// PodSecurityContext under securityContext).
const spec = (fields: C) => (p: Obj) => Object.assign(p.spec, fields);
const hostNetworkPort = (hostPort: number, containerPort: number) =>
  spec({ hostNetwork: true, containers: [ctr('ctr', { ports: [{ hostPort, containerPort, protocol: 'TCP' }] })] });
const securityContext = (sc: C) => spec({ securityContext: sc });

runUpstreamTable({
  title: 'TestValidatePodSpec (pkg/apis/core/validation/validation_test.go), in a Pod',
  header: POD,
  base: pod,
  cases: [
    ['populate basic fields, leave defaults for most', () => undefined, undefined],
    [
      'populate all fields',
      spec({
        initContainers: [ctr('ictr')],
        volumes: [{ name: 'vol', emptyDir: {} }],
        nodeSelector: { key: 'value' },
        nodeName: 'foobar',
        activeDeadlineSeconds: 2147483647,
        serviceAccountName: 'acct',
      }),
      undefined,
    ],
    ['populate HostNetwork', hostNetworkPort(8080, 8080), undefined],
    [
      'populate RunAsUser SupplementalGroups FSGroup with minID 0',
      securityContext({ supplementalGroups: [0], runAsUser: 0, fsGroup: 0 }),
      undefined,
    ],
    [
      'populate RunAsUser SupplementalGroups FSGroup with maxID 2147483647',
      securityContext({ supplementalGroups: [2147483647], runAsUser: 2147483647, fsGroup: 2147483647 }),
      undefined,
    ],
    ['populate HostIPC', spec({ hostIPC: true }), undefined],
    ['populate HostPID', spec({ hostPID: true }), undefined],
    [
      'populate Affinity',
      spec({
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [{ key: 'key2', operator: 'In', values: ['value1', 'value2'] }],
                  matchFields: [{ key: 'metadata.name', operator: 'In', values: ['host1'] }],
                },
              ],
            },
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 10, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } },
            ],
          },
        },
      }),
      undefined,
    ],
    ['populate HostAliases', spec({ hostAliases: [{ ip: '12.34.56.78', hostnames: ['host1', 'host2'] }] }), undefined],
    [
      'populate HostAliases with `foo.bar` hostnames',
      spec({ hostAliases: [{ ip: '12.34.56.78', hostnames: ['host1.foo', 'host2.bar'] }] }),
      undefined,
    ],
    [
      'populate HostAliases with HostNetwork',
      spec({ hostNetwork: true, hostAliases: [{ ip: '12.34.56.78', hostnames: ['host1.foo', 'host2.bar'] }] }),
      undefined,
    ],
    ['populate PriorityClassName', spec({ priorityClassName: 'valid-name' }), undefined],
    ['populate ShareProcessNamespace', spec({ shareProcessNamespace: true }), undefined],
    ['populate RuntimeClassName', spec({ runtimeClassName: 'valid-sandbox' }), undefined],
    ['populate Overhead', spec({ overhead: {} }), undefined],
    ['populate FSGroupChangePolicy', securityContext({ fsGroupChangePolicy: 'Always' }), undefined],
    [
      'resources resize policy for containers',
      spec({ containers: [ctr('ctr', { resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }] })] }),
      undefined,
    ],
    ['bad volume', spec({ volumes: [{}] }), 'spec.volumes[0].name'],
    ['no containers', spec({ containers: [] }), 'spec.containers'],
    ['bad container', spec({ containers: [{}] }), 'spec.containers[0].name'],
    ['bad init container', spec({ initContainers: [{}] }), 'spec.initContainers[0].name'],
    ['bad DNS policy', spec({ dnsPolicy: 'invalid' }), 'spec.dnsPolicy'],
    ['bad service account name', spec({ serviceAccountName: 'invalidName' }), 'spec.serviceAccountName'],
    ['bad restart policy', spec({ restartPolicy: 'UnknowPolicy' }), 'spec.restartPolicy'],
    [
      'with hostNetwork hostPort not equal to containerPort',
      hostNetworkPort(8080, 2600),
      'spec.containers[0].ports[0].hostPort',
    ],
    [
      'with hostAliases with invalid IP',
      spec({ hostNetwork: false, hostAliases: [{ ip: '999.999.999.999', hostnames: ['host1', 'host2'] }] }),
      'spec.hostAliases[0].ip',
    ],
    [
      'with hostAliases with invalid hostname',
      spec({ hostNetwork: false, hostAliases: [{ ip: '12.34.56.78', hostnames: ['@#$^#@#$'] }] }),
      'spec.hostAliases[0].hostnames[0]',
    ],
    [
      'bad supplementalGroups large than math.MaxInt32',
      securityContext({ supplementalGroups: [2147483648, 1234] }),
      'spec.securityContext.supplementalGroups[0]',
    ],
    [
      'bad supplementalGroups less than 0',
      securityContext({ supplementalGroups: [-1, 1234] }),
      'spec.securityContext.supplementalGroups[0]',
    ],
    [
      'bad runAsUser large than math.MaxInt32',
      securityContext({ runAsUser: 2147483648 }),
      'spec.securityContext.runAsUser',
    ],
    ['bad runAsUser less than 0', securityContext({ runAsUser: -1 }), 'spec.securityContext.runAsUser'],
    ['bad fsGroup large than math.MaxInt32', securityContext({ fsGroup: 2147483648 }), 'spec.securityContext.fsGroup'],
    ['bad fsGroup less than 0', securityContext({ fsGroup: -1 }), 'spec.securityContext.fsGroup'],
    ['bad-active-deadline-seconds', spec({ activeDeadlineSeconds: 0 }), 'spec.activeDeadlineSeconds'],
    ['active-deadline-seconds-too-large', spec({ activeDeadlineSeconds: 2147483648 }), 'spec.activeDeadlineSeconds'],
    ['bad nodeName', spec({ nodeName: 'node name' }), 'spec.nodeName'],
    ['bad PriorityClassName', spec({ priorityClassName: 'InvalidName' }), 'spec.priorityClassName'],
    [
      'ShareProcessNamespace and HostPID both set',
      spec({ hostPID: true, shareProcessNamespace: true }),
      'spec.shareProcessNamespace',
    ],
    ['bad RuntimeClassName', spec({ runtimeClassName: 'invalid/sandbox' }), 'spec.runtimeClassName'],
    [
      'bad empty fsGroupchangepolicy',
      securityContext({ fsGroupChangePolicy: '' }),
      'spec.securityContext.fsGroupChangePolicy',
    ],
    [
      'bad invalid fsgroupchangepolicy',
      securityContext({ fsGroupChangePolicy: 'invalid' }),
      'spec.securityContext.fsGroupChangePolicy',
    ],
  ],
  inapplicable: {
    'with hostNetwork hostPort unspecified':
      "SetDefaults_Pod writes a hostNetwork Pod's unwritten hostPort as its containerPort before validation (the table validates an undefaulted spec); a template's stays 0, which validatePodHostNetworkDeps accepts",
  },
});

// validatePodHostNetworkDeps in a template (no upstream table: its comment says a template's hostPort
// may be 0, "defaulted when the Pod is ultimately created", and nothing else but the containerPort).
runUpstreamTable({
  title:
    'validatePodHostNetworkDeps (pkg/apis/core/validation/validation.go, no upstream table), in a Deployment template',
  header: DEPLOYMENT,
  base: validDeployment,
  cases: [
    [
      'hostPort unwritten',
      (d) =>
        Object.assign((d.spec.template as { spec: C }).spec, {
          hostNetwork: true,
          containers: [ctr('ctr', { ports: [{ containerPort: 2600 }] })],
        }),
      undefined,
    ],
    [
      'hostPort equal to containerPort',
      (d) =>
        Object.assign((d.spec.template as { spec: C }).spec, {
          hostNetwork: true,
          containers: [ctr('ctr', { ports: [{ containerPort: 2600, hostPort: 2600 }] })],
        }),
      undefined,
    ],
    [
      'hostPort not equal to containerPort',
      (d) =>
        Object.assign((d.spec.template as { spec: C }).spec, {
          hostNetwork: true,
          containers: [ctr('ctr', { ports: [{ containerPort: 2600, hostPort: 8080 }] })],
        }),
      `${T}[0].ports[0].hostPort`,
    ],
  ],
  inapplicable: {},
});

// TestRelaxedValidateEnv, TestValidateEnvFrom and TestRelaxedValidateEnvFrom: the env of the Pod's
// container. The API server runs the relaxed name rule (RelaxedEnvironmentVariableValidation, on by
// default since 1.32), so the strict tables' name cases are inapplicable.
const E = 'spec.containers[0].env';
const EF = 'spec.containers[0].envFrom';
const withEnv =
  (...env: C[]) =>
  (p: Obj) => {
    (p.spec.containers as C[])[0].env = env;
  };
const withEnvFrom =
  (...envFrom: C[]) =>
  (p: Obj) => {
    (p.spec.containers as C[])[0].envFrom = envFrom;
  };
const fieldRef = (fieldPath: string) => ({ fieldRef: { apiVersion: 'v1', fieldPath } });
const secretKeyRef = (name: string, key: string) => ({ secretKeyRef: { name, key } });
const configMapKeyRef = (name: string, key: string) => ({ configMapKeyRef: { name, key } });
const from = (name: string, valueFrom: C) => ({ name, valueFrom });

const relaxedEnvSuccess: C[] = [
  { name: '!"#$%&\'()', value: 'value' },
  { name: '* +,-./0123456789', value: 'value' },
  { name: ':;<>?@', value: 'value' },
  { name: 'ABCDEFG', value: 'value' },
  { name: 'abcdefghijklmn', value: 'value' },
  { name: '[\\]^_`{}|~', value: 'value' },
  from('!"#$%&\'()', fieldRef("metadata.annotations['key']")),
  from('!"#$%&\'()', fieldRef("metadata.labels['key']")),
  from('* +,-./0123456789', fieldRef('metadata.name')),
  from('* +,-./0123456789', fieldRef('metadata.namespace')),
  from('* +,-./0123456789', fieldRef('metadata.uid')),
  from(':;<>?@', fieldRef('spec.nodeName')),
  from(':;<>?@', fieldRef('spec.serviceAccountName')),
  from(':;<>?@', fieldRef('status.hostIP')),
  from(':;<>?@', fieldRef('status.podIP')),
  from('abcdefghijklmn', fieldRef('status.podIPs')),
  from('abcdefghijklmn', secretKeyRef('some-secret', 'secret-key')),
  from('!"#$%&\'()', configMapKeyRef('some-config-map', 'some-key')),
];

runUpstreamTable({
  title: "TestRelaxedValidateEnv (pkg/apis/core/validation/validation_test.go), a Pod's container env",
  header: POD,
  base: pod,
  cases: [
    ...relaxedEnvSuccess.map((e, i): UpstreamCase<Obj> => [
      `successCase[${i}] ${String(e.name)}`,
      withEnv(e),
      undefined,
    ]),
    ['successCase, all together', withEnv(...relaxedEnvSuccess), undefined],
    ['illegal character', withEnv({ name: '=abc' }), `${E}[0].name`],
    ['zero-length name', withEnv({ name: '' }), `${E}[0].name`],
    [
      'value and valueFrom specified',
      withEnv({ name: 'abc', value: 'foo', valueFrom: fieldRef('metadata.name') }),
      `${E}[0].valueFrom`,
    ],
    ['valueFrom without a source', withEnv(from('abc', {})), `${E}[0].valueFrom`],
    [
      'valueFrom.fieldRef and valueFrom.secretKeyRef specified',
      withEnv(from('abc', { ...fieldRef('metadata.name'), ...secretKeyRef('a-secret', 'a-key') })),
      `${E}[0].valueFrom`,
    ],
    [
      'valueFrom.fieldRef and valueFrom.configMapKeyRef set',
      withEnv(
        from('some_var_name', { ...fieldRef('metadata.name'), ...configMapKeyRef('some-config-map', 'some-key') }),
      ),
      `${E}[0].valueFrom`,
    ],
    [
      'valueFrom.fieldRef and valueFrom.secretKeyRef specified (and configMapKeyRef)',
      withEnv(
        from('abc', {
          ...fieldRef('metadata.name'),
          ...secretKeyRef('a-secret', 'a-key'),
          ...configMapKeyRef('some-config-map', 'some-key'),
        }),
      ),
      `${E}[0].valueFrom`,
    ],
    [
      'valueFrom.secretKeyRef.name invalid',
      withEnv(from('abc', secretKeyRef('$%^&*#', 'a-key'))),
      `${E}[0].valueFrom.secretKeyRef.name`,
    ],
    [
      'valueFrom.configMapKeyRef.name invalid',
      withEnv(from('abc', configMapKeyRef('$%^&*#', 'some-key'))),
      `${E}[0].valueFrom.configMapKeyRef.name`,
    ],
    [
      'missing FieldPath on ObjectFieldSelector',
      withEnv(from('abc', { fieldRef: { apiVersion: 'v1' } })),
      `${E}[0].valueFrom.fieldRef.fieldPath`,
    ],
    ['invalid fieldPath', withEnv(from('abc', fieldRef('metadata.whoops'))), `${E}[0].valueFrom.fieldRef.fieldPath`],
    [
      'metadata.name with subscript',
      withEnv(from('labels', fieldRef("metadata.name['key']"))),
      `${E}[0].valueFrom.fieldRef.fieldPath`,
    ],
    [
      'metadata.labels without subscript',
      withEnv(from('labels', fieldRef('metadata.labels'))),
      `${E}[0].valueFrom.fieldRef.fieldPath`,
    ],
    [
      'metadata.annotations without subscript',
      withEnv(from('abc', fieldRef('metadata.annotations'))),
      `${E}[0].valueFrom.fieldRef.fieldPath`,
    ],
    [
      'metadata.annotations with invalid key',
      withEnv(from('abc', fieldRef("metadata.annotations['invalid~key']"))),
      `${E}[0].valueFrom.fieldRef`,
    ],
    [
      'metadata.labels with invalid key',
      withEnv(from('abc', fieldRef("metadata.labels['Www.k8s.io/test']"))),
      `${E}[0].valueFrom.fieldRef`,
    ],
    ['unsupported fieldPath', withEnv(from('abc', fieldRef('status.phase'))), `${E}[0].valueFrom.fieldRef.fieldPath`],
  ],
  inapplicable: {
    'missing APIVersion on ObjectFieldSelector':
      'SetDefaults_ObjectFieldSelector writes apiVersion v1 before validation',
  },
});

const cmRef = (name: string, prefix?: string) => ({
  ...(prefix === undefined ? {} : { prefix }),
  configMapRef: { name },
});
const secretRef = (name: string, prefix?: string) => ({
  ...(prefix === undefined ? {} : { prefix }),
  secretRef: { name },
});
const envFromErrors: UpstreamCase<Obj>[] = [
  ['zero-length name (configMapRef)', withEnvFrom(cmRef('')), `${EF}[0].configMapRef.name`],
  ['zero-length name (secretRef)', withEnvFrom(secretRef('')), `${EF}[0].secretRef.name`],
  ['invalid name "&"', withEnvFrom(secretRef('&')), `${EF}[0].secretRef.name`],
  ['no refs', withEnvFrom({}), EF],
  ['multiple refs', withEnvFrom({ ...secretRef('abc'), ...cmRef('abc') }), EF],
  ['invalid secret ref name', withEnvFrom(secretRef('$%^&*#')), `${EF}[0].secretRef.name`],
  ['invalid config ref name', withEnvFrom(cmRef('$%^&*#')), `${EF}[0].configMapRef.name`],
];

runUpstreamTable({
  title: "TestValidateEnvFrom (pkg/apis/core/validation/validation_test.go), a Pod's container envFrom",
  header: POD,
  base: pod,
  cases: [
    ...[
      cmRef('abc'),
      cmRef('abc', 'pre_'),
      cmRef('abc', 'a.b'),
      secretRef('abc'),
      secretRef('abc', 'pre_'),
      secretRef('abc', 'a.b'),
    ].map((e, i): UpstreamCase<Obj> => [`successCase[${i}]`, withEnvFrom(e), undefined]),
    ...[
      cmRef('abc'),
      cmRef('abc', '* +,-./0123456789'),
      cmRef('abc', ':;<>?@'),
      secretRef('abc'),
      secretRef('abc', 'abcdefghijklmn'),
      secretRef('abc', '[\\]^_`{}|~'),
    ].map((e, i): UpstreamCase<Obj> => [`updateSuccessCase[${i}] (relaxed)`, withEnvFrom(e), undefined]),
    ['invalid name "$"', withEnvFrom(cmRef('$')), `${EF}[0].configMapRef.name`],
    ...envFromErrors,
  ],
  inapplicable: {
    ...Object.fromEntries(
      ['a', 'b', 'c', 'd'].map((n) => [
        `updateErrorCase invalid name ${n}`,
        'a prefix such as ":;<>?@" fails only the strict name rule; the API server runs the relaxed one (RelaxedEnvironmentVariableValidation, default since 1.32)',
      ]),
    ),
  },
});

runUpstreamTable({
  title: "TestRelaxedValidateEnvFrom (pkg/apis/core/validation/validation_test.go), a Pod's container envFrom",
  header: POD,
  base: pod,
  cases: [
    ...[
      cmRef('abc'),
      cmRef('abc', '!"#$%&\'()'),
      cmRef('abc', '* +,-./0123456789'),
      secretRef('abc'),
      secretRef('abc', ':;<>?@'),
      secretRef('abc', '[\\]^_`{}|~'),
    ].map((e, i): UpstreamCase<Obj> => [`successCase[${i}]`, withEnvFrom(e), undefined]),
    ['invalid prefix', withEnvFrom(cmRef('abc', '=abc')), `${EF}[0].prefix`],
    ...envFromErrors,
  ],
  inapplicable: {},
});

// TestValidateVolumeMounts, TestValidateSubpathMutuallyExclusive and TestValidateMountPropagation:
// the mounts of the Pod's container, beside the tables' volumes (and, where the table passes volume
// devices, the container's volumeDevices, whose names are declared as claims so the pod is whole).
// Like upstream, the sub-path, propagation and recursive read-only errors name the list.
const M = 'spec.containers[0].volumeMounts';
const claim = (name: string) => ({ name, persistentVolumeClaim: { claimName: name } });
const mountVolumes = [
  { name: 'abc', persistentVolumeClaim: { claimName: 'testclaim1' } },
  { name: 'abc-123', persistentVolumeClaim: { claimName: 'testclaim2' } },
  { name: '123', hostPath: { path: '/foo/baz', type: '' } },
  {
    name: 'ephemeral',
    ephemeral: {
      volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10G' } } } },
    },
  },
  { name: 'image-volume', image: { reference: 'quay.io/my/artifact:v1', pullPolicy: 'IfNotPresent' } },
  claim('xyz'),
  claim('uvw'),
];
const withMounts =
  (devices: C[], ...volumeMounts: C[]) =>
  (p: Obj) => {
    p.spec.volumes = mountVolumes;
    Object.assign((p.spec.containers as C[])[0], { volumeMounts, volumeDevices: devices });
  };
const goodDevices = [
  { name: 'xyz', devicePath: '/foofoo' },
  { name: 'uvw', devicePath: '/foofoo/share/test' },
];
const badDevices = [{ name: 'xyz', devicePath: '/mnt/exists' }];
const mountSuccess: C[] = [
  { name: 'abc', mountPath: '/foo' },
  { name: '123', mountPath: '/bar' },
  { name: 'abc-123', mountPath: '/baz' },
  { name: 'abc-123', mountPath: '/baa', subPath: '' },
  { name: 'abc-123', mountPath: '/bab', subPath: 'baz' },
  { name: 'abc-123', mountPath: 'd:', subPath: '' },
  { name: 'abc-123', mountPath: 'F:', subPath: '' },
  { name: 'abc-123', mountPath: 'G:\\mount', subPath: '' },
  { name: 'abc-123', mountPath: '/bac', subPath: '.baz' },
  { name: 'abc-123', mountPath: '/bad', subPath: '..baz' },
  { name: 'ephemeral', mountPath: '/foobar' },
  { name: '123', mountPath: '/rro-nil', readOnly: true },
  { name: '123', mountPath: '/rro-disabled', readOnly: true, recursiveReadOnly: 'Disabled' },
  { name: '123', mountPath: '/rro-disabled-2', readOnly: false, recursiveReadOnly: 'Disabled' },
  { name: '123', mountPath: '/rro-ifpossible', readOnly: true, recursiveReadOnly: 'IfPossible' },
  { name: '123', mountPath: '/rro-enabled', readOnly: true, recursiveReadOnly: 'Enabled' },
  { name: '123', mountPath: '/rro-enabled-2', readOnly: true, recursiveReadOnly: 'Enabled', mountPropagation: 'None' },
  { name: 'image-volume', mountPath: '/image-volume' },
];

runUpstreamTable({
  title: "TestValidateVolumeMounts (pkg/apis/core/validation/validation_test.go), a Pod's container mounts",
  header: POD,
  base: pod,
  cases: [
    ...mountSuccess.map((m): UpstreamCase<Obj> => [
      `successCase ${String(m.mountPath)}`,
      withMounts(goodDevices, m),
      undefined,
    ]),
    ['successCase, all together', withMounts(goodDevices, ...mountSuccess), undefined],
    ['empty name', withMounts(badDevices, { name: '', mountPath: '/foo' }), `${M}[0].name`],
    ['name not found', withMounts(badDevices, { name: '', mountPath: '/foo' }), `${M}[0].name`],
    ['empty mountpath', withMounts(badDevices, { name: 'abc', mountPath: '' }), `${M}[0].mountPath`],
    [
      'mountpath collision',
      withMounts(badDevices, { name: 'foo', mountPath: '/path/a' }, { name: 'bar', mountPath: '/path/a' }),
      `${M}[1].mountPath`,
    ],
    ['absolute subpath', withMounts(badDevices, { name: 'abc', mountPath: '/bar', subPath: '/baz' }), `${M}.subPath`],
    ['subpath in ..', withMounts(badDevices, { name: 'abc', mountPath: '/bar', subPath: '../baz' }), `${M}.subPath`],
    [
      'subpath contains ..',
      withMounts(badDevices, { name: 'abc', mountPath: '/bar', subPath: 'baz/../bat' }),
      `${M}.subPath`,
    ],
    ['subpath ends in ..', withMounts(badDevices, { name: 'abc', mountPath: '/bar', subPath: './..' }), `${M}.subPath`],
    [
      'disabled MountPropagation feature gate',
      withMounts(badDevices, { name: 'abc', mountPath: '/bar', mountPropagation: 'Bidirectional' }),
      `${M}.mountPropagation`,
    ],
    ['name exists in volumeDevice', withMounts(badDevices, { name: 'xyz', mountPath: '/bar' }), `${M}[0].name`],
    [
      'mountpath exists in volumeDevice',
      withMounts(badDevices, { name: 'uvw', mountPath: '/mnt/exists' }),
      `${M}[0].mountPath`,
    ],
    ['both exist in volumeDevice', withMounts(badDevices, { name: 'xyz', mountPath: '/mnt/exists' }), `${M}[0].name`],
    [
      'rro but not ro',
      withMounts(badDevices, { name: '123', mountPath: '/rro-bad1', readOnly: false, recursiveReadOnly: 'Enabled' }),
      `${M}.recursiveReadOnly`,
    ],
    [
      'rro with incompatible propagation',
      withMounts(badDevices, {
        name: '123',
        mountPath: '/rro-bad2',
        readOnly: true,
        recursiveReadOnly: 'Enabled',
        mountPropagation: 'HostToContainer',
      }),
      `${M}.recursiveReadOnly`,
    ],
    [
      'rro-if-possible but not ro',
      withMounts(badDevices, { name: '123', mountPath: '/rro-bad1', readOnly: false, recursiveReadOnly: 'IfPossible' }),
      `${M}.recursiveReadOnly`,
    ],
  ],
  inapplicable: {
    'subPath not allowed for image volume sources, subPathExpr not allowed for image volume sources':
      'the rule they test was removed when image volumes went beta (kubernetes#130135, Kubernetes 1.33): an image volume takes a subPath or subPathExpr (see the test below)',
  },
});

runUpstreamTable({
  title: "TestValidateSubpathMutuallyExclusive (pkg/apis/core/validation/validation_test.go), a Pod's container mounts",
  header: POD,
  base: pod,
  cases: [
    [
      'subpath and subpathexpr not specified',
      withMounts(goodDevices, { name: 'abc-123', mountPath: '/bab' }),
      undefined,
    ],
    [
      'subpath expr specified',
      withMounts(goodDevices, { name: 'abc-123', mountPath: '/bab', subPathExpr: '$(POD_NAME)' }),
      undefined,
    ],
    ['subpath specified', withMounts(goodDevices, { name: 'abc-123', mountPath: '/bab', subPath: 'baz' }), undefined],
    [
      'subpath and subpathexpr specified',
      withMounts(goodDevices, { name: 'abc-123', mountPath: '/bab', subPath: 'baz', subPathExpr: '$(POD_NAME)' }),
      `${M}[0].subPathExpr`,
    ],
  ],
  inapplicable: {},
});

const propagating = (mountPropagation: string | undefined, privileged: boolean | undefined) => (p: Obj) => {
  p.spec.volumes = [{ name: 'foo', hostPath: { path: '/foo/baz', type: '' } }];
  Object.assign((p.spec.containers as C[])[0], {
    volumeMounts: [{ name: 'foo', mountPath: '/foo', ...(mountPropagation ? { mountPropagation } : {}) }],
    ...(privileged === undefined ? {} : { securityContext: { privileged } }),
  });
};
runUpstreamTable({
  title: "TestValidateMountPropagation (pkg/apis/core/validation/validation_test.go), a Pod's container mounts",
  header: POD,
  base: pod,
  cases: [
    ['implicitly non-privileged container + no propagation', propagating(undefined, undefined), undefined],
    ['implicitly non-privileged container + HostToContainer', propagating('HostToContainer', undefined), undefined],
    ['non-privileged container + None', propagating('None', undefined), undefined],
    [
      'error: implicitly non-privileged container + Bidirectional',
      propagating('Bidirectional', undefined),
      `${M}.mountPropagation`,
    ],
    ['explicitly non-privileged container + no propagation', propagating(undefined, false), undefined],
    ['explicitly non-privileged container + HostToContainer', propagating('HostToContainer', false), undefined],
    [
      'explicitly non-privileged container + Bidirectional',
      propagating('Bidirectional', false),
      `${M}.mountPropagation`,
    ],
    ['privileged container + no propagation', propagating(undefined, true), undefined],
    ['privileged container + HostToContainer', propagating('HostToContainer', true), undefined],
    ['privileged container + Bidirectional', propagating('Bidirectional', true), undefined],
    ['error: privileged container + invalid mount propagation', propagating('invalid', true), `${M}.mountPropagation`],
  ],
  inapplicable: {
    'no container + Bidirectional':
      'validates a mount without its container (ValidateVolumeMounts called with nil); in a manifest every mount has one',
  },
});

// TestValidateResizePolicy: the resizePolicy of the Pod's container, with the case's pod restartPolicy.
const RP = 'spec.containers[0].resizePolicy';
const resize =
  (restartPolicy: string, ...policies: [string, string][]) =>
  (p: Obj) => {
    p.spec.restartPolicy = restartPolicy;
    (p.spec.containers as C[])[0].resizePolicy = policies.map(([resourceName, policy]) => ({
      resourceName,
      restartPolicy: policy,
    }));
  };
runUpstreamTable({
  title: "TestValidateResizePolicy (pkg/apis/core/validation/validation_test.go), a Pod's container",
  header: POD,
  base: pod,
  cases: [
    ['ValidCPUandMemoryPolicies', resize('Always', ['cpu', 'NotRequired'], ['memory', 'RestartContainer']), undefined],
    ['ValidCPUPolicy', resize('Always', ['cpu', 'RestartContainer']), undefined],
    ['ValidMemoryPolicy', resize('Always', ['memory', 'NotRequired']), undefined],
    ['NoPolicy', resize('Always'), undefined],
    ['ValidCPUandInvalidMemoryPolicy', resize('Always', ['cpu', 'NotRequired'], ['memory', 'Restarrrt']), RP],
    [
      'ValidMemoryandInvalidCPUPolicy',
      resize('Always', ['cpu', 'RestartNotRequirrred'], ['memory', 'RestartContainer']),
      RP,
    ],
    ['InvalidResourceNameValidPolicy', resize('Always', ['cpuuu', 'NotRequired']), RP],
    ['ValidResourceNameMissingPolicy', resize('Always', ['memory', '']), RP],
    [
      'RepeatedPolicies',
      resize('Always', ['cpu', 'NotRequired'], ['memory', 'RestartContainer'], ['cpu', 'RestartContainer']),
      `${RP}[2]`,
    ],
    [
      'InvalidCPUPolicyWithPodRestartPolicy',
      resize('Never', ['cpu', 'NotRequired'], ['memory', 'RestartContainer']),
      RP,
    ],
    [
      'InvalidMemoryPolicyWithPodRestartPolicy',
      resize('Never', ['cpu', 'RestartContainer'], ['memory', 'NotRequired']),
      RP,
    ],
    [
      'InvalidMemoryCPUPolicyWithPodRestartPolicy',
      resize('Never', ['cpu', 'RestartContainer'], ['memory', 'RestartContainer']),
      RP,
    ],
    [
      'ValidMemoryCPUPolicyWithPodRestartPolicy',
      resize('Never', ['cpu', 'NotRequired'], ['memory', 'NotRequired']),
      undefined,
    ],
  ],
  inapplicable: {},
});

// ValidatePodCreate's own checks beyond ValidatePodSpec (no upstream table transcribed: the function,
// pkg/apis/core/validation/validation.go): ephemeral containers cannot be written with the Pod, and a
// Pod's images (validateContainersOnlyForPod) have no surrounding whitespace.
runUpstreamTable({
  title: 'ValidatePodCreate (pkg/apis/core/validation/validation.go, no upstream table), a Pod',
  header: POD,
  base: pod,
  cases: [
    ['no ephemeral containers', spec({ ephemeralContainers: [] }), undefined],
    ['ephemeral containers on create', spec({ ephemeralContainers: [ctr('debug')] }), 'spec.ephemeralContainers'],
    [
      'image with surrounding whitespace',
      spec({ containers: [ctr('ctr', { image: ' image ' })] }),
      'spec.containers[0].image',
    ],
    [
      'init container image with surrounding whitespace',
      spec({ initContainers: [ctr('init', { image: 'image ' })] }),
      'spec.initContainers[0].image',
    ],
  ],
  inapplicable: {},
});

// ValidateVolumes on names and source counts after SetDefaults_Volume (no upstream table transcribed:
// TestValidateVolumes checks every volume source's own fields, which kroute does not judge).
runUpstreamTable({
  title: 'ValidateVolumes (pkg/apis/core/validation/validation.go, names, source count, emptyDir sizeLimit), a Pod',
  header: POD,
  base: pod,
  cases: [
    ['a volume without a source (SetDefaults_Volume: emptyDir)', spec({ volumes: [{ name: 'scratch' }] }), undefined],
    [
      'two volumes',
      spec({
        volumes: [
          { name: 'a', emptyDir: {} },
          { name: 'b', configMap: { name: 'cm' } },
        ],
      }),
      undefined,
    ],
    [
      'duplicate names',
      spec({
        volumes: [
          { name: 'a', emptyDir: {} },
          { name: 'a', emptyDir: {} },
        ],
      }),
      'spec.volumes[1].name',
    ],
    ['name not a DNS label', spec({ volumes: [{ name: 'A_B', emptyDir: {} }] }), 'spec.volumes[0].name'],
    [
      'two sources',
      spec({ volumes: [{ name: 'a', emptyDir: {}, hostPath: { path: '/x' } }] }),
      'spec.volumes[0].hostPath',
    ],
    [
      'two sources, the second printed as upstream spells it',
      spec({ volumes: [{ name: 'a', secret: { secretName: 's' }, cephfs: { monitors: ['m'] } }] }),
      'spec.volumes[0].cephFS',
    ],
    [
      'negative emptyDir sizeLimit',
      spec({ volumes: [{ name: 'a', emptyDir: { sizeLimit: '-1Gi' } }] }),
      'spec.volumes[0].emptyDir.sizeLimit',
    ],
    ['emptyDir sizeLimit', spec({ volumes: [{ name: 'a', emptyDir: { sizeLimit: '1Gi' } }] }), undefined],
  ],
  inapplicable: {},
});

it('VOLUME_SOURCES names every source field of a v1 Volume (the generated API fields), once', () => {
  assert.deepEqual(
    VOLUME_SOURCES.map(([f]) => f).sort(),
    [...fieldsOf('V1Volume').keys()].filter((f) => f !== 'name').sort(),
  );
});

it('a Required value in a list item is reported on the item, not on the object', () => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - image: nginx
      volumeMounts:
        - name: data
  volumes:
    - name: data
`;
  const found = check(text)
    .all.filter((d) => d.code === 'pod-spec-invalid')
    .map((d) => [d.range.start.line, d.message]);
  assert.deepEqual(found, [
    [6, 'spec.containers[0].name: Required value'],
    [8, 'spec.containers[0].volumeMounts[0].mountPath: Required value'],
  ]);
});

// validateContainers counts an unwritten name as Go's "" (it checks allNames before any other test),
// so a second unnamed container is also a Duplicate "" — upstream prints the empty string, not null.
it('two containers without a name: each Required, the second a Duplicate ""', () => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - image: nginx
    - image: busybox
`;
  const found = check(text)
    .all.filter((d) => d.code === 'pod-spec-invalid')
    .map((d) => d.message);
  assert.deepEqual(found, [
    'spec.containers[0].name: Required value',
    'spec.containers[1].name: Required value',
    'spec.containers[1].name: Duplicate value: ""',
  ]);
});

// EnvFiles (KEP-3721; beta and on by default since Kubernetes 1.35, kubernetes#134414): fileKeyRef is
// a fifth env value source, counted by validateEnvVarValueFrom like the others. The Kubernetes
// documentation's example (Define Environment Variable Values via File) is accepted.
it('an env value from fileKeyRef is a source; with another one it is two', () => {
  const pod = (valueFrom: string) => `apiVersion: v1
kind: Pod
metadata:
  name: envfile
spec:
  restartPolicy: Never
  containers:
    - name: app
      image: nginx
      env:
        - name: DB_ADDRESS
          valueFrom: ${valueFrom}
  volumes:
    - name: config
      emptyDir: {}
`;
  const errors = (text: string) =>
    check(text)
      .all.filter((d) => d.code === 'pod-spec-invalid')
      .map((d) => d.message);
  const fileKeyRef = '{ path: config.env, volumeName: config, key: DB_ADDRESS }';
  assert.deepEqual(errors(pod(`{ fileKeyRef: ${fileKeyRef} }`)), []);
  assert.deepEqual(errors(pod(`{ fileKeyRef: ${fileKeyRef}, secretKeyRef: { name: s, key: k } }`)), [
    'spec.containers[0].env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time',
  ]);
});

// Image volumes take subPath and subPathExpr since Kubernetes 1.33 (kubernetes#130135, "Allowed
// subPath/subPathExpr for image volumes"); the path rules of any subPath still apply. The Kubernetes
// documentation's image-volumes-subpath.yaml example is accepted.
it('an image volume mounted with a subPath or subPathExpr', () => {
  const pod = (mount: string) => `apiVersion: v1
kind: Pod
metadata:
  name: image-volume
spec:
  containers:
    - name: shell
      image: debian
      volumeMounts:
        - { name: volume, mountPath: /volume, ${mount} }
  volumes:
    - name: volume
      image: { reference: quay.io/crio/artifact:v2, pullPolicy: IfNotPresent }
`;
  const errors = (text: string) =>
    check(text)
      .all.filter((d) => d.code === 'pod-spec-invalid')
      .map((d) => d.message);
  assert.deepEqual(errors(pod('subPath: dir')), []);
  assert.deepEqual(errors(pod("subPathExpr: '$(POD_NAME)'")), []);
  assert.deepEqual(errors(pod('subPath: /foo')), [
    // ValidateVolumeMounts names the mounts path, not the item, in this error.
    'spec.containers[0].volumeMounts.subPath: Invalid value: "/foo": must be a relative path',
  ]);
});

// ContainerRestartRules (KEP-5307; beta and on by default since Kubernetes 1.35, kubernetes#134631):
// an app container or an init container may set its own restartPolicy, as in the Pod lifecycle
// documentation's restart-on-exit-codes example; a value other than Always, OnFailure or Never is still rejected.
it('container-level restartPolicy (ContainerRestartRules)', () => {
  const text = (policy: string) => `apiVersion: v1
kind: Pod
metadata:
  name: restart-on-exit-codes
spec:
  restartPolicy: Never
  initContainers:
    - name: init-once
      image: busybox
      restartPolicy: ${policy}
  containers:
    - name: main
      image: busybox
      restartPolicy: ${policy}
      restartPolicyRules:
        - action: Restart
          exitCodes: { operator: In, values: [42] }
`;
  const errors = (policy: string) =>
    check(text(policy))
      .all.filter((d) => d.code === 'pod-spec-invalid')
      .map((d) => d.message);
  assert.deepEqual(errors('Never'), []);
  assert.deepEqual(errors('OnFailure'), []);
  assert.deepEqual(errors('Sometimes'), [
    'spec.containers[0].restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
    'spec.initContainers[0].restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
  ]);
});
