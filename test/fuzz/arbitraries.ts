import fc from 'fast-check';
import { stringify } from 'yaml';

// Values of every YAML type, so fields get the wrong type as often as the right one.
const scalar = fc.oneof(
  fc.integer({ min: -5, max: 70000 }),
  fc.constantFrom(0, 1, 80, 443, 8080, 30000, 32767, 32768, 65535, 65536, 3.5, -1),
  fc.constantFrom(
    'web',
    'http',
    'TCP',
    'UDP',
    'SCTP',
    'None',
    'ClientIP',
    'Local',
    'NodePort',
    'LoadBalancer',
    'ExternalName',
    'ClusterIP',
    '10.96.0.5',
    'In',
    'Exists',
    '',
  ),
  fc.string({ maxLength: 12 }),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'app', 'name', 'port', 'x'), tie('v'), { maxKeys: 3 }),
  ),
})).v;

const label = fc.constantFrom('app', 'tier', 'app.kubernetes.io/name', 'Bad Key', 'x/y/z');
const labelValue = fc.oneof(fc.constantFrom('web', 'api', 'db', 'web-frontend', '-bad-'), value);
const labels = fc.dictionary(label, labelValue, { maxKeys: 3 });

const port = fc.record(
  {
    name: fc.oneof(fc.constantFrom('http', 'metrics', 'HTTP', 'a--b', 'this-name-is-too-long'), value),
    port: fc.oneof(fc.constantFrom(80, 443, 0, 70000), value),
    targetPort: fc.oneof(fc.constantFrom(8080, 'http', 'web', 0), value),
    nodePort: fc.oneof(fc.constantFrom(30080, 80, 32767, 40000), value),
    protocol: fc.oneof(fc.constantFrom('TCP', 'UDP', 'SCTP', 'ICMP'), value),
  },
  { requiredKeys: [] },
);

const service = fc.record(
  {
    apiVersion: fc.constantFrom('v1'),
    kind: fc.constant('Service'),
    metadata: fc.record(
      {
        name: fc.oneof(fc.constantFrom('web', 'api', 'Bad_Name', 'db'), value),
        namespace: fc.oneof(fc.constantFrom('default', 'shop'), value),
        labels,
      },
      { requiredKeys: [] },
    ),
    spec: fc.oneof(
      value,
      fc.record(
        {
          type: fc.oneof(fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'Bogus'), value),
          clusterIP: fc.oneof(fc.constantFrom('None', '10.96.0.50', '1.1.1.1', 'not-an-ip'), value),
          selector: fc.oneof(labels, value),
          ports: fc.oneof(fc.array(port, { maxLength: 3 }), value),
          externalName: fc.oneof(fc.constantFrom('db.example.com', 'Bad Name'), value),
          externalIPs: fc.oneof(fc.constantFrom(['192.0.2.1'], ['127.0.0.1'], ['nope']), value),
          sessionAffinity: fc.oneof(fc.constantFrom('ClientIP', 'None', 'Sticky'), value),
          externalTrafficPolicy: fc.oneof(fc.constantFrom('Local', 'Cluster', 'Other'), value),
          internalTrafficPolicy: fc.oneof(fc.constantFrom('Local', 'Cluster'), value),
          publishNotReadyAddresses: fc.oneof(fc.boolean(), value),
          loadBalancerSourceRanges: fc.oneof(fc.constantFrom(['10.0.0.0/8'], ['bad']), value),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: ['apiVersion', 'kind'] },
);

const container = fc.record(
  {
    name: fc.oneof(fc.constantFrom('web', 'sidecar'), value),
    image: fc.constant('nginx'),
    ports: fc.oneof(
      fc.array(
        fc.record(
          {
            name: fc.oneof(fc.constantFrom('http', 'metrics', 'web'), value),
            containerPort: fc.oneof(fc.constantFrom(8080, 9100, 0, 70000), value),
            protocol: fc.oneof(fc.constantFrom('TCP', 'UDP'), value),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
      value,
    ),
  },
  { requiredKeys: [] },
);

const workload = fc.record(
  {
    apiVersion: fc.constantFrom('apps/v1', 'batch/v1', 'v1'),
    kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'),
    metadata: fc.record(
      {
        name: fc.oneof(fc.constantFrom('web', 'api', 'db'), value),
        namespace: fc.oneof(fc.constantFrom('default', 'shop'), value),
        labels,
      },
      { requiredKeys: [] },
    ),
    spec: fc.oneof(
      value,
      fc.record(
        {
          replicas: fc.oneof(fc.integer({ min: 0, max: 12 }), value),
          serviceName: fc.oneof(fc.constantFrom('db', 'web'), value),
          selector: fc.oneof(
            fc.record(
              {
                matchLabels: labels,
                matchExpressions: fc.oneof(
                  value,
                  fc.array(
                    fc.record(
                      {
                        key: label,
                        operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Bogus'),
                        values: fc.oneof(fc.array(labelValue, { maxLength: 2 }), value),
                      },
                      { requiredKeys: [] },
                    ),
                    { maxLength: 2 },
                  ),
                ),
              },
              { requiredKeys: [] },
            ),
            value,
          ),
          template: fc.oneof(
            value,
            fc.record(
              {
                metadata: fc.record({ labels }, { requiredKeys: [] }),
                spec: fc.record(
                  {
                    containers: fc.oneof(fc.array(container, { maxLength: 2 }), value),
                    nodeSelector: fc.oneof(labels, value),
                  },
                  { requiredKeys: [] },
                ),
              },
              { requiredKeys: [] },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: ['apiVersion', 'kind'] },
);

/** Kubernetes-shaped objects with every field sometimes of the wrong type. */
export const manifestObject = fc.oneof(service, workload);

/** A multi-document manifest file. */
export const manifestText = fc
  .array(manifestObject, { minLength: 1, maxLength: 5 })
  .map((docs) => docs.map((d) => stringify(d)).join('---\n'));

// Characters and fragments that break YAML in interesting ways.
const breakers = fc.constantFrom(
  '\t',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ':',
  '- ',
  '\n',
  '\r\n',
  '#',
  '&a ',
  '*a',
  '!!binary ',
  '---\n',
  '...\n',
  '{{ .Values.x }}',
  '\u0000',
  '\uFEFF',
  '😀',
  'é',
  '\\',
  '%YAML 1.2\n',
  '? ',
  '|',
  '>',
);

/** A manifest file damaged by truncation, insertions and deletions at random places. */
export const brokenManifestText = fc
  .tuple(
    manifestText,
    fc.array(fc.tuple(fc.nat(), fc.oneof(breakers, fc.constant('')), fc.nat({ max: 4 })), {
      minLength: 1,
      maxLength: 6,
    }),
    fc.option(fc.nat()),
  )
  .map(([text, edits, truncateAt]) => {
    let t = text;
    for (const [pos, insert, del] of edits) {
      const at = t.length ? pos % t.length : 0;
      t = t.slice(0, at) + insert + t.slice(at + del);
    }
    return truncateAt === null || !t.length ? t : t.slice(0, truncateAt % t.length);
  });

/** YAML that is not Kubernetes (no top-level apiVersion/kind anywhere), possibly broken. */
export const nonKubernetesText = fc
  .tuple(
    fc.dictionary(
      fc.constantFrom('name', 'on', 'jobs', 'services', 'image', 'ports', 'steps', 'kind_of', 'version'),
      value,
      { minKeys: 1, maxKeys: 5 },
    ),
    fc.array(fc.tuple(fc.nat(), breakers), { maxLength: 3 }),
  )
  .map(([obj, edits]) => {
    let t = stringify(obj);
    for (const [pos, insert] of edits) {
      const at = t.length ? pos % t.length : 0;
      t = t.slice(0, at) + insert + t.slice(at);
    }
    return t;
  })
  .filter((t) => !/^\s*apiVersion\s*:/m.test(t) || !/^\s*kind\s*:/m.test(t));
