import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  candidateNames,
  serviceEnvironment,
  serviceRecords,
  type DnsRecord,
} from '../../../server/src/engine/model/dns';
import { cluster, service } from './helpers';

// kubernetes/dns docs/specification.md: records for Services (2.3.x) and the pod search path.
const show = (records: DnsRecord[]) =>
  records.map((r) =>
    r.type === 'A'
      ? `${r.name} A ${r.address}`
      : r.type === 'CNAME'
        ? `${r.name} CNAME ${r.target}`
        : `${r.name} SRV ${r.port} ${r.target}`,
  );

describe('DNS records (kubernetes/dns specification)', () => {
  it('ClusterIP Service: one A record for the ClusterIP; SRV only for named ports, pointing at the Service', () => {
    const c = cluster(['named-port-two-containers.yaml', 'service-defaulting.yaml']);
    const multi = service(c, 'default/multi');
    const records = show(serviceRecords(multi, c.config));
    assert.equal(records[0], `multi.default.svc.cluster.local A ${multi.clusterIP}`);
    assert.ok(records.includes('_http._tcp.multi.default.svc.cluster.local SRV 80 multi.default.svc.cluster.local'));
    assert.ok(records.includes('_dns-udp._udp.multi.default.svc.cluster.local SRV 53 multi.default.svc.cluster.local'));
    const bare = service(c, 'default/bare');
    assert.deepEqual(
      show(serviceRecords(bare, c.config)),
      [`bare.default.svc.cluster.local A ${bare.clusterIP}`],
      'an unnamed port has no SRV record',
    );
  });

  it('headless Service: one A per ready endpoint, <hostname>.<svc> records, SRV per endpoint with the endpoint port', () => {
    const c = cluster(['hostname-subdomain.yaml']);
    const db = service(c, 'default/db');
    const ip = (name: string) => c.podsByKey.get(`default/${name}`)!.ip;
    assert.deepEqual(
      show(serviceRecords(db, c.config)).sort(),
      [
        `db.default.svc.cluster.local A ${ip('db-0')}`,
        `db.default.svc.cluster.local A ${ip('db-1')}`,
        `db-0.db.default.svc.cluster.local A ${ip('db-0')}`,
        `db-1.db.default.svc.cluster.local A ${ip('db-1')}`,
        '_pg._tcp.db.default.svc.cluster.local SRV 5432 db-0.db.default.svc.cluster.local',
        '_pg._tcp.db.default.svc.cluster.local SRV 5432 db-1.db.default.svc.cluster.local',
      ].sort(),
    );
    // Endpoints without a hostname are named by their dashed IP (CoreDNS endpointHostname).
    const read = show(serviceRecords(service(c, 'default/db-read'), c.config));
    assert.ok(
      read.includes(
        `_pg._tcp.db-read.default.svc.cluster.local SRV 5432 ${ip('db-0').replace(/\./g, '-')}.db-read.default.svc.cluster.local`,
      ),
    );
    assert.ok(!read.some((r) => r.startsWith('db-0.')));
  });

  it('headless: not-ready pods are left out unless publishNotReadyAddresses; no ready endpoint → no records (NXDOMAIN)', () => {
    const c = cluster(['publish-not-ready.yaml']);
    const ip = (name: string) => c.podsByKey.get(`default/${name}`)!.ip;
    const a = (key: string) =>
      serviceRecords(service(c, key), c.config)
        .filter((r) => r.type === 'A')
        .map((r) => (r as { address: string }).address)
        .sort();
    assert.deepEqual(a('default/peers-ready-only'), [ip('peer-ready')]);
    assert.deepEqual(a('default/peers'), [ip('peer-ready'), ip('peer-starting')].sort());
    const scaled = cluster(['whatif-shop.yaml'], {}, [
      { kind: 'scale', workload: 'default/StatefulSet/mongo', replicas: 0 },
    ]);
    assert.deepEqual(serviceRecords(service(scaled, 'default/mongo'), scaled.config), []);
  });

  it('ExternalName: a CNAME to externalName, nothing else', () => {
    const c = cluster(['service-defaulting.yaml']);
    assert.deepEqual(show(serviceRecords(service(c, 'partners/outside'), c.config)), [
      'outside.partners.svc.cluster.local CNAME api.partner.example.com',
    ]);
  });

  it('follows the configured cluster domain', () => {
    const c = cluster(['service-defaulting.yaml'], { clusterDomain: 'corp.internal' });
    assert.match(
      show(serviceRecords(service(c, 'default/bare'), c.config))[0],
      /^bare\.default\.svc\.corp\.internal A /,
    );
  });
});

describe('resolver search path (pod resolv.conf: <ns>.svc.<zone> svc.<zone> <zone>, ndots:5)', () => {
  const c = cluster(['service-defaulting.yaml']);
  it('a short name tries the search domains first', () => {
    assert.deepEqual(candidateNames('web', 'shop', c.config), [
      'web.shop.svc.cluster.local',
      'web.svc.cluster.local',
      'web.cluster.local',
      'web',
    ]);
  });
  it('a name with 5 or more dots, or a trailing dot, is tried as written first / only', () => {
    assert.equal(candidateNames('a.b.c.d.e.f', 'shop', c.config)[0], 'a.b.c.d.e.f');
    assert.deepEqual(candidateNames('web.shop.svc.cluster.local.', 'shop', c.config), ['web.shop.svc.cluster.local']);
  });
});

describe('Service environment variables (kubelet envvars.FromServices)', () => {
  it('<NAME>_SERVICE_HOST/_PORT, named ports, Docker link variables; dashes become underscores', () => {
    const c = cluster({
      's.yaml':
        'apiVersion: v1\nkind: Service\nmetadata: { name: my-api }\nspec:\n  clusterIP: 10.96.5.5\n  ports:\n    - { name: http-alt, port: 8080 }\n    - { name: dns, port: 53, protocol: UDP }\n',
    });
    const env = serviceEnvironment(service(c, 'default/my-api'));
    assert.equal(env.MY_API_SERVICE_HOST, '10.96.5.5');
    assert.equal(env.MY_API_SERVICE_PORT, '8080');
    assert.equal(env.MY_API_SERVICE_PORT_HTTP_ALT, '8080');
    assert.equal(env.MY_API_PORT, 'tcp://10.96.5.5:8080');
    assert.equal(env.MY_API_PORT_53_UDP, 'udp://10.96.5.5:53');
    assert.equal(env.MY_API_PORT_53_UDP_PROTO, 'udp');
    assert.equal(env.MY_API_PORT_53_UDP_ADDR, '10.96.5.5');
  });
  it('headless and ExternalName Services give none', () => {
    const c = cluster(['hostname-subdomain.yaml', 'service-defaulting.yaml']);
    assert.deepEqual(serviceEnvironment(service(c, 'default/db')), {});
    assert.deepEqual(serviceEnvironment(service(c, 'partners/outside')), {});
  });
});
