import type { FieldPath } from '../manifest/locate';
import { ip } from '../validation/names';
import { GATEWAY_GROUP } from '../l7/objects';
import { replaceValue, yamlString } from './edits';
import { checkRouteSpec } from './gateway-api-routes';
import { has, PATTERN, Schema, size, type Add } from './gateway-api-schema';
import { at, fieldError, fieldPath, get, isRecord, itemAnchor, resourceId, resourceRule } from './support';

const PROTOCOLS_WITHOUT_TLS = ['HTTP', 'TCP', 'UDP'];
const PROTOCOLS_WITHOUT_HOSTNAME = ['TCP', 'UDP'];

/**
 * The Gateway API kinds kroute reads (Gateway, GatewayClass, HTTPRoute, GRPCRoute, ReferenceGrant)
 * as the API server validates them against the standard-channel CRDs
 * (kubernetes-sigs/gateway-api config/crd/standard): the OpenAPI schema's required fields, enums,
 * patterns, lengths, ranges and list sizes, and the x-kubernetes-validations CEL rules, each failure
 * in the API server's words (`spec.listeners: Invalid value: "array": Listener name must be unique
 * within the Gateway`). Object metadata is left to the name rules.
 */
export const gatewayApiInvalid = resourceRule({
  code: 'gateway-api-invalid',
  defaultSeverity: 'error',
  description:
    'A Gateway, GatewayClass, HTTPRoute, GRPCRoute or ReferenceGrant its CRD rejects: a schema or CEL validation rule fails.',
  checkOne(r, { cluster }, report) {
    if (!r.apiVersion.startsWith(`${GATEWAY_GROUP}/`)) return;
    const check = CHECKS[r.kind];
    const spec = get(r.object, ['spec']);
    if (!check || !isRecord(spec)) return;
    const resource = resourceId(cluster, r);
    const add: Add = (path, message, where = 'value', repair) => {
      const edit = repair && replaceValue(r, repair.path, yamlString(repair.text));
      report({
        ...(where === 'item' ? { ...itemAnchor(r, path), resource } : at(cluster, r, path, where)),
        code: this.code,
        message,
        ...(edit ? { fixes: [{ title: repair.title, edits: [edit], preferred: true }] } : {}),
      });
    };
    check(spec, new Schema(add));
  },
});

const CHECKS: Record<string, ((spec: Record<string, unknown>, s: Schema) => void) | undefined> = {
  Gateway: checkGateway,
  GatewayClass: checkGatewayClass,
  HTTPRoute: (spec, s) => {
    checkRouteSpec('HTTPRoute', spec, s);
  },
  GRPCRoute: (spec, s) => {
    checkRouteSpec('GRPCRoute', spec, s);
  },
  ReferenceGrant: checkReferenceGrant,
};

/** GatewaySpec (apis/v1/gateway_types.go): class, listeners, addresses. */
function checkGateway(spec: Record<string, unknown>, s: Schema): void {
  if (s.required(['spec'], spec, 'gatewayClassName'))
    s.string(['spec', 'gatewayClassName'], spec.gatewayClassName, { minLength: 1, maxLength: 253 });
  if (s.required(['spec'], spec, 'listeners')) checkListeners(['spec', 'listeners'], spec.listeners, s);
  checkAddresses(['spec', 'addresses'], spec.addresses, s);
}

/** Gateway listeners: each listener, then the rules across them (on the list, as the CRD has them). */
function checkListeners(path: FieldPath, raw: unknown, s: Schema): void {
  const listeners = s.list(path, raw, { min: 1, max: 64 });
  for (const { value: l, path: lp } of listeners) {
    if (s.required(lp, l, 'name'))
      s.string([...lp, 'name'], l.name, { minLength: 1, maxLength: 253, pattern: PATTERN.sectionName });
    s.string([...lp, 'hostname'], l.hostname, { minLength: 1, maxLength: 253, pattern: PATTERN.hostname });
    if (s.required(lp, l, 'port')) s.range([...lp, 'port'], l.port, 1, 65535);
    if (s.required(lp, l, 'protocol'))
      s.string([...lp, 'protocol'], l.protocol, { minLength: 1, maxLength: 255, pattern: PATTERN.protocol });
    if (isRecord(l.tls)) checkTls([...lp, 'tls'], l.tls, s);
    if (isRecord(l.allowedRoutes)) {
      const ap = [...lp, 'allowedRoutes'];
      const namespaces = l.allowedRoutes.namespaces;
      if (isRecord(namespaces)) s.enumOf([...ap, 'namespaces', 'from'], namespaces.from, ['All', 'Selector', 'Same']);
      for (const k of s.list([...ap, 'kinds'], l.allowedRoutes.kinds, { max: 8 }))
        s.reference(k.path, k.value, { required: ['kind'] });
    }
  }
  const all = listeners.map((l) => l.value);
  if (all.some((l) => PROTOCOLS_WITHOUT_TLS.includes(l.protocol as string) && has(l, 'tls')))
    s.cel(path, raw, "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']");
  if (
    all.some(
      (l) => l.protocol === 'HTTPS' && isRecord(l.tls) && ![undefined, '', 'Terminate'].includes(l.tls.mode as string),
    )
  )
    s.cel(path, raw, 'tls mode must be Terminate for protocol HTTPS');
  if (
    all.some(
      (l) => PROTOCOLS_WITHOUT_HOSTNAME.includes(l.protocol as string) && has(l, 'hostname') && l.hostname !== '',
    )
  )
    s.cel(path, raw, "hostname must not be specified for protocols ['TCP', 'UDP']");
  if (all.some((l1) => all.filter((l2) => l1.name === l2.name).length !== 1))
    s.cel(path, raw, 'Listener name must be unique within the Gateway');
  const sameHostname = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    has(a, 'hostname') && has(b, 'hostname') ? a.hostname === b.hostname : !has(a, 'hostname') && !has(b, 'hostname');
  if (
    all.some(
      (l1) =>
        has(l1, 'port') &&
        all.filter((l2) => l1.port === l2.port && l1.protocol === l2.protocol && sameHostname(l1, l2)).length !== 1,
    )
  )
    s.cel(path, raw, 'Combination of port, protocol and hostname must be unique for each listener');
}

/** ListenerTLSConfig: mode (default Terminate), certificate references, options. */
function checkTls(path: FieldPath, tls: Record<string, unknown>, s: Schema): void {
  s.enumOf([...path, 'mode'], tls.mode, ['Terminate', 'Passthrough']);
  for (const ref of s.list([...path, 'certificateRefs'], tls.certificateRefs, { max: 64 }))
    s.reference(ref.path, ref.value, { required: ['name'] });
  if ((tls.mode ?? 'Terminate') === 'Terminate' && size(tls.certificateRefs) === 0 && size(tls.options) === 0)
    s.cel(path, tls, 'certificateRefs or options must be specified when mode is Terminate');
}

/** GatewaySpecAddress: IP addresses and hostnames, each value once. */
function checkAddresses(path: FieldPath, raw: unknown, s: Schema): void {
  const addresses = s.list(path, raw, { max: 16 });
  const typeOf = (a: Record<string, unknown>) => a.type ?? 'IPAddress';
  for (const { value: a, path: ap } of addresses) {
    const value = a.value;
    s.string([...ap, 'value'], value, { minLength: 1, maxLength: 253 });
    if (typeof value !== 'string' || !value) continue;
    const vp = [...ap, 'value'];
    if (typeOf(a) === 'IPAddress' && ip(value).length)
      s.add(
        vp,
        fieldError.invalid(vp, value, `${fieldPath(vp)} in body must be of type ipv4: ${JSON.stringify(value)}`),
      );
    if (typeOf(a) === 'Hostname' && !new RegExp(PATTERN.hostname).test(value))
      s.cel(ap, a, `Hostname value must only contain valid characters (matching ${PATTERN.hostname})`);
  }
  for (const type of ['IPAddress', 'Hostname']) {
    const values = addresses.filter((a) => typeOf(a.value) === type && has(a.value, 'value')).map((a) => a.value.value);
    if (values.some((v) => values.filter((w) => w === v).length !== 1))
      s.cel(path, raw, `${type} values must be unique`);
  }
}

/** GatewayClassSpec: the controller name, a parametersRef. */
function checkGatewayClass(spec: Record<string, unknown>, s: Schema): void {
  if (s.required(['spec'], spec, 'controllerName'))
    s.string(['spec', 'controllerName'], spec.controllerName, {
      minLength: 1,
      maxLength: 253,
      pattern: PATTERN.controller,
    });
  if (isRecord(spec.parametersRef))
    s.reference(['spec', 'parametersRef'], spec.parametersRef, { required: ['group', 'kind', 'name'] });
  s.string(['spec', 'description'], spec.description, { maxLength: 64 });
}

/** ReferenceGrantSpec (apis/v1beta1/referencegrant_types.go): from and to, 1 to 16 each. */
function checkReferenceGrant(spec: Record<string, unknown>, s: Schema): void {
  for (const [field, required] of [
    ['from', ['group', 'kind', 'namespace']],
    ['to', ['group', 'kind']],
  ] as const) {
    if (!s.required(['spec'], spec, field)) continue;
    for (const ref of s.list(['spec', field], spec[field], { min: 1, max: 16 }))
      s.reference(ref.path, ref.value, { required });
  }
}
