// Upstream's tables for Ingress validation, case by case: TestValidateIngress,
// TestValidateIngressRuleValue, TestValidateIngressCreate, TestValidateIngressTLS and
// TestValidateEmptyIngressTLS in kubernetes/kubernetes
// pkg/apis/networking/validation/validation_test.go, written as the networking.k8s.io/v1 manifests a
// user would apply. A create runs with IngressValidationOptions{AllowInvalidSecretName: false,
// AllowInvalidWildcardHostRule: false} (ValidateIngressCreate); the tables that call
// validateIngress with the zero options get the same.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers';
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

interface Resource {
  apiGroup: string;
  kind: string;
  name: string;
}
interface Backend {
  service?: { name: string; port: { number: number } };
  resource?: Resource;
}
interface Path {
  path?: string;
  pathType: string;
  backend: Backend;
}
interface Rule {
  host: string;
  http: { paths: Path[] };
}
interface Obj {
  metadata: { name: string; namespace: string; annotations?: Record<string, string> };
  spec: {
    defaultBackend?: Backend;
    rules?: Rule[];
    tls?: { hosts?: string[]; secretName?: string }[];
    ingressClassName?: string;
  };
}

const HEADER = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' };
const serviceBackend = (number = 80): Backend => ({ service: { name: 'defaultbackend', port: { number } } });
const RESOURCE = (): Resource => ({ apiGroup: 'example.com', kind: 'foo', name: 'bar' });
const rule = (host: string, path: Omit<Path, 'backend'> & Partial<Path>): Rule => ({
  host,
  http: { paths: [{ backend: serviceBackend(), ...path }] },
});

/** TestValidateIngress's and TestValidateIngressTLS's baseIngress / newValid (its status is not the user's to write). */
const baseIngress = (): Obj => ({
  metadata: { name: 'foo', namespace: 'default' },
  spec: {
    defaultBackend: serviceBackend(),
    rules: [rule('foo.bar.com', { path: '/foo', pathType: 'ImplementationSpecific' })],
  },
});
const firstRule = (ing: Obj) => ing.spec.rules![0];
const firstPath = (ing: Obj) => firstRule(ing).http.paths[0];

const ingressCases: UpstreamCase<Obj>[] = [
  [
    'empty path (implementation specific)',
    (ing) => {
      firstPath(ing).path = '';
    },
    undefined,
  ],
  [
    'valid path',
    (ing) => {
      firstPath(ing).path = '/valid';
    },
    undefined,
  ],
  [
    'valid wildcard host',
    (ing) => {
      firstRule(ing).host = '*.bar.com';
    },
    undefined,
  ],
  [
    'backend with no service',
    (ing) => {
      ing.spec.defaultBackend!.service!.name = '';
    },
    'spec.defaultBackend.service.name',
  ],
  [
    'invalid path type',
    (ing) => {
      firstPath(ing).pathType = 'foo';
    },
    'spec.rules[0].http.paths[0].pathType',
  ],
  [
    'empty path (prefix)',
    (ing) => {
      firstPath(ing).path = '';
      firstPath(ing).pathType = 'Prefix';
    },
    'spec.rules[0].http.paths[0].path',
  ],
  [
    'no paths',
    (ing) => {
      firstRule(ing).http.paths = [];
    },
    'spec.rules[0].http.paths',
  ],
  ...['foobar:80', '127.0.0.1', 'foo.*.bar.com', '*'].map((host): UpstreamCase<Obj> => [
    `invalid ${host.includes('*') ? 'wildcard ' : ''}host (${host})`,
    (ing) => {
      firstRule(ing).host = host;
    },
    'spec.rules[0].host',
  ]),
  ...['name', 'port'].flatMap((what): UpstreamCase<Obj>[] => [
    [
      `path resource backend and service ${what} are not allowed together`,
      (ing) => {
        firstRule(ing).http = {
          paths: [
            {
              path: '/foo',
              pathType: 'ImplementationSpecific',
              backend: { ...serviceBackend(), resource: RESOURCE() },
            },
          ],
        };
      },
      'spec.rules[0].http.paths[0].backend',
    ],
    [
      `spec.backend resource and service ${what} are not allowed together`,
      (ing) => {
        ing.spec.defaultBackend = { ...serviceBackend(), resource: RESOURCE() };
      },
      'spec.defaultBackend',
    ],
  ]),
];

runUpstreamTable({
  title: 'TestValidateIngress (kubernetes pkg/apis/networking/validation/validation_test.go)',
  header: HEADER,
  base: baseIngress,
  cases: ingressCases,
  inapplicable: {},
});

// TestValidateIngress asserts the whole list of fields its errors name (expectErrsOnFields): one
// error per invalid case, none for a valid one.
describe('TestValidateIngress: the fields upstream expects errors on, exactly', () => {
  for (const [name, tweak, path] of ingressCases) {
    it(name, () => {
      const ing = baseIngress();
      tweak(ing);
      const fields = check(JSON.stringify({ ...HEADER, ...ing }))
        .all.filter((d) => d.severity === 'error')
        .map((d) => d.message.slice(0, d.message.indexOf(':')));
      assert.deepEqual(fields, path === undefined ? [] : [path]);
    });
  }
});

// TestValidateIngressRuleValue runs validateIngressRuleValue on one path under `testing`; here the
// path is baseIngress's, so the error names spec.rules[0].http.paths[0].path.
const rulePath = (pathType: string, path: string) => (ing: Obj) => {
  Object.assign(firstPath(ing), { pathType, path });
};
const PATH = 'spec.rules[0].http.paths[0].path';
const ruleValueCases: UpstreamCase<Obj>[] = (
  [
    ['implementation specific: no leading slash', 'ImplementationSpecific', 'foo', PATH],
    ['implementation specific: leading slash', 'ImplementationSpecific', '/foo', undefined],
    ['implementation specific: many slashes', 'ImplementationSpecific', '/foo/bar/foo', undefined],
    ['implementation specific: repeating slashes', 'ImplementationSpecific', '/foo//bar/foo', undefined],
    ['prefix: no leading slash', 'Prefix', 'foo', PATH],
    ['prefix: leading slash', 'Prefix', '/foo', undefined],
    ['prefix: many slashes', 'Prefix', '/foo/bar/foo', undefined],
    ['prefix: repeating slashes', 'Prefix', '/foo//bar/foo', PATH],
    ['exact: no leading slash', 'Exact', 'foo', PATH],
    ['exact: leading slash', 'Exact', '/foo', undefined],
    ['exact: many slashes', 'Exact', '/foo/bar/foo', undefined],
    ['exact: repeating slashes', 'Exact', '/foo//bar/foo', PATH],
    ['prefix: with /./', 'Prefix', '/foo/./foo', PATH],
    ['exact: with /../', 'Exact', '/foo/../foo', PATH],
    ['prefix: with %2f', 'Prefix', '/foo/%2f/foo', PATH],
    ['exact: with %2F', 'Exact', '/foo/%2F/foo', PATH],
  ] as const
).map(([name, pathType, path, at]) => [name, rulePath(pathType, path), at]);

runUpstreamTable({
  title: 'TestValidateIngressRuleValue (kubernetes pkg/apis/networking/validation/validation_test.go)',
  header: HEADER,
  base: baseIngress,
  cases: ruleValueCases,
  inapplicable: {},
});

/** TestValidateIngressCreate's baseIngress: test123/test123, a default backend and no rules. */
const createBase = (): Obj => ({
  metadata: { name: 'test123', namespace: 'test123' },
  spec: { defaultBackend: serviceBackend(), rules: [] },
});
const CLASS = 'kubernetes.io/ingress.class';
const createCases: UpstreamCase<Obj>[] = [
  [
    'class field set',
    (ing) => {
      ing.spec.ingressClassName = 'bar';
    },
    undefined,
  ],
  [
    'class annotation set',
    (ing) => {
      ing.metadata.annotations = { [CLASS]: 'foo' };
    },
    undefined,
  ],
  [
    'class field and annotation set with same value',
    (ing) => {
      ing.spec.ingressClassName = 'foo';
      ing.metadata.annotations = { [CLASS]: 'foo' };
    },
    undefined,
  ],
  [
    'class field and annotation set with different value',
    (ing) => {
      ing.spec.ingressClassName = 'bar';
      ing.metadata.annotations = { [CLASS]: 'foo' };
    },
    `annotations.${CLASS}`,
  ],
  ...(
    [
      ['valid regex path', '/([a-z0-9]*)'],
      ['invalid regex path allowed (v1)', '/([a-z0-9]*)['],
    ] as const
  ).map(([name, path]): UpstreamCase<Obj> => [
    name,
    (ing) => {
      ing.spec.rules = [rule('foo.bar.com', { path, pathType: 'ImplementationSpecific' })];
    },
    undefined,
  ]),
  [
    'Spec.Backend.Resource field allowed on create',
    (ing) => {
      ing.spec.defaultBackend = { resource: RESOURCE() };
    },
    undefined,
  ],
  [
    'Paths.Backend.Resource field allowed on create',
    (ing) => {
      ing.spec.rules = [
        rule('foo.bar.com', {
          path: '/([a-z0-9]*)',
          pathType: 'ImplementationSpecific',
          backend: { resource: RESOURCE() },
        }),
      ];
    },
    undefined,
  ],
  [
    'valid secret',
    (ing) => {
      ing.spec.tls = [{ secretName: 'valid' }];
    },
    undefined,
  ],
  [
    'invalid secret',
    (ing) => {
      ing.spec.tls = [{ secretName: 'invalid name' }];
    },
    'spec.tls[0].secretName',
  ],
  ...(
    [
      ['valid rules with wildcard host', '/foo', undefined],
      ['invalid rules with wildcard host', 'foo', 'spec.rules[0].http.paths[0].path'],
    ] as const
  ).map(([name, path, at]): UpstreamCase<Obj> => [
    name,
    (ing) => {
      ing.spec.tls = [{ hosts: ['*.bar.com'] }];
      ing.spec.rules = [rule('*.foo.com', { path, pathType: 'Exact' })];
    },
    at,
  ]),
];

runUpstreamTable({
  title: 'TestValidateIngressCreate (kubernetes pkg/apis/networking/validation/validation_test.go)',
  header: HEADER,
  base: createBase,
  cases: createCases,
  inapplicable: {
    'TestValidateIngressUpdate (all cases)':
      'an update: needs the old object (AllowInvalidSecretName / AllowInvalidWildcardHostRule follow it)',
    'TestValidateIngressStatusUpdate (all cases)': 'the status subresource, which a manifest does not write',
  },
});

/** TestValidateEmptyIngressTLS's newValid: no default backend, one rule whose path has no path, port 443. */
const emptyTlsBase = (): Obj => ({
  metadata: { name: 'foo', namespace: 'default' },
  spec: {
    rules: [
      { host: 'foo.bar.com', http: { paths: [{ pathType: 'ImplementationSpecific', backend: serviceBackend(443) }] } },
    ],
  },
});

runUpstreamTable({
  title: 'TestValidateIngressTLS (kubernetes pkg/apis/networking/validation/validation_test.go)',
  header: HEADER,
  base: baseIngress,
  cases: [
    [
      'spec.tls[0].hosts: Valid value: *.bar.com',
      (ing) => {
        firstRule(ing).host = '*.bar.com';
        ing.spec.tls = [{ hosts: ['*.bar.com'] }];
      },
      undefined,
    ],
    [
      "spec.tls[0].hosts[0]: Invalid value: 'foo.*.bar.com'",
      (ing) => {
        firstRule(ing).host = '*.foo.bar.com';
        ing.spec.tls = [{ hosts: ['foo.*.bar.com'] }];
      },
      'spec.tls[0].hosts[0]',
    ],
  ],
  inapplicable: {},
});

runUpstreamTable({
  title: 'TestValidateEmptyIngressTLS (kubernetes pkg/apis/networking/validation/validation_test.go)',
  header: HEADER,
  base: emptyTlsBase,
  cases: [
    [
      'spec.tls[0]: an empty TLS entry',
      (ing) => {
        ing.spec.tls = [{}];
      },
      undefined,
    ],
    [
      'spec.tls[0]: empty hosts',
      (ing) => {
        ing.spec.tls = [{ hosts: [] }];
      },
      undefined,
    ],
  ],
  inapplicable: {},
});
