import type { FieldPath } from '../manifest/locate';
import { dns1123Label, dns1123Subdomain } from '../validation/names';
import { quantitySign } from '../validation/quantity';
import type { Volumes } from './pod-containers';
import { VOLUME_FIELD_PATHS, fieldRef, resourceFieldRef } from './pod-env';
import { isInt, present, unsupported, type Out } from './pod-problem';
import { fieldError, goValue, isRecord } from './support';

// ValidateVolumes and validateVolumeSource (pkg/apis/core/validation/validation.go) on a pod spec's
// volumes, after SetDefaults_Volume (a volume without a source is an emptyDir). Each volume's first
// source is judged by its own validator; a second source is only reported as one too many.

/**
 * The VolumeSource members in validateVolumeSource's order, each with the name its "more than 1
 * volume type" error prints (upstream's own spelling: cephFS, downwarAPI). A volume has at most one.
 */
export const VOLUME_SOURCES: readonly (readonly [field: string, printed: string])[] = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'flocker',
  'persistentVolumeClaim',
  'rbd',
  'cinder',
  ['cephfs', 'cephFS'],
  'quobyte',
  ['downwardAPI', 'downwarAPI'],
  'fc',
  'flexVolume',
  'configMap',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'storageos',
  'projected',
  'scaleIO',
  'csi',
  'ephemeral',
  'image',
].map((s) => (typeof s === 'string' ? ([s, s] as const) : ([s[0], s[1]] as const)));

/**
 * The fields each plugin's validator only requires to be written (validateGCEPersistentDiskVolumeSource,
 * validateRBDVolumeSource and the like); a list field must not be empty.
 */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  gitRepo: ['repository'],
  gcePersistentDisk: ['pdName'],
  awsElasticBlockStore: ['volumeID'],
  nfs: ['server', 'path'],
  iscsi: ['targetPortal', 'iqn'],
  glusterfs: ['endpoints', 'path'],
  persistentVolumeClaim: ['claimName'],
  rbd: ['monitors', 'image'],
  cinder: ['volumeID'],
  cephfs: ['monitors'],
  quobyte: ['registry', 'volume'],
  flexVolume: ['driver'],
  configMap: ['name'],
  secret: ['secretName'],
  azureFile: ['secretName', 'shareName'],
  azureDisk: ['diskName', 'diskURI'],
  vsphereVolume: ['volumePath'],
  photonPersistentDisk: ['pdID'],
  portworxVolume: ['volumeID'],
  scaleIO: ['gateway', 'system', 'volumeName'],
  csi: ['driver'],
  ephemeral: ['volumeClaimTemplate'],
};

const QUOBYTE_REGISTRY = 'must be a host:port pair or multiple pairs separated by commas';
/** The detail a Required error of these fields adds. */
const REQUIRED_DETAIL: Readonly<Record<string, string>> = { registry: QUOBYTE_REGISTRY };

const blank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length);

function required(src: Record<string, unknown>, fields: readonly string[], path: FieldPath, out: Out): void {
  for (const f of fields)
    if (blank(src[f]))
      out.push({ at: [...path, f], part: 'key', message: fieldError.required([...path, f], REQUIRED_DETAIL[f]) });
}

const FILE_MODE = 'must be a number between 0 and 0777 (octal), both inclusive';

/** A file mode (defaultMode, mode): 0 to 0777. */
function fileMode(v: unknown, path: FieldPath, out: Out): void {
  if (isInt(v) && (v < 0 || v > 0o777)) out.push({ at: path, message: fieldError.invalid(path, v, FILE_MODE) });
}

/** validatePathNoBacksteps. */
function noBacksteps(v: string, path: FieldPath, out: Out): void {
  if (v.split('/').includes('..'))
    out.push({ at: path, message: fieldError.invalid(path, v, "must not contain '..'") });
}

/** validateLocalDescendingPath, and with `nonReserved` validateLocalNonReservedPath (no leading `..`). */
function localPath(v: unknown, path: FieldPath, nonReserved: boolean, out: Out): void {
  if (typeof v !== 'string') return;
  if (v.startsWith('/')) out.push({ at: path, message: fieldError.invalid(path, v, 'must be a relative path') });
  noBacksteps(v, path, out);
  if (nonReserved && v.startsWith('..') && !v.startsWith('../'))
    out.push({ at: path, message: fieldError.invalid(path, v, "must not start with '..'") });
}

/** validateKeyToPath on each of a secret's or config map's items. */
function keyToPaths(items: unknown, path: FieldPath, out: Out): string[] {
  if (!Array.isArray(items)) return [];
  const written: string[] = [];
  items.forEach((kp, i) => {
    if (!isRecord(kp)) return;
    const at = [...path, i];
    required(kp, ['key', 'path'], at, out);
    localPath(kp.path, [...at, 'path'], true, out);
    fileMode(kp.mode, [...at, 'mode'], out);
    if (typeof kp.path === 'string' && kp.path) written.push(kp.path);
  });
  return written;
}

/**
 * validateDownwardAPIVolumeFile on each item of the source at `source`. Like upstream, the messages
 * name the source (`downwardAPI.path`), not the item; the findings sit on the item's field.
 */
function downwardAPIFiles(items: unknown, source: FieldPath, out: Out): string[] {
  if (!Array.isArray(items)) return [];
  const written: string[] = [];
  items.forEach((file, i) => {
    if (!isRecord(file)) return;
    const item = [...source, 'items', i];
    const onItem = (errors: Out) => {
      for (const e of errors) out.push({ ...e, at: [...item, ...e.at.slice(source.length)] });
    };
    const errors: Out = [];
    if (blank(file.path))
      errors.push({ at: [...source, 'path'], part: 'key', message: fieldError.required([...source, 'path']) });
    else if (typeof file.path === 'string') {
      localPath(file.path, [...source, 'path'], true, errors);
      written.push(file.path);
    }
    if (isRecord(file.fieldRef)) {
      fieldRef(file.fieldRef, [...source, 'fieldRef'], errors, VOLUME_FIELD_PATHS);
      if (present(file.resourceFieldRef))
        errors.push({
          at: [...source, 'resourceFieldRef'],
          part: 'key',
          message: fieldError.invalid(
            source,
            'resource',
            'fieldRef and resourceFieldRef can not be specified simultaneously',
          ),
        });
    } else if (isRecord(file.resourceFieldRef))
      resourceFieldRef(file.resourceFieldRef, [...source, 'resourceFieldRef'], true, errors);
    else
      errors.push({
        at: source,
        part: 'key',
        message: fieldError.required(source, 'one of fieldRef and resourceFieldRef is required'),
      });
    fileMode(file.mode, [...source, 'mode'], errors);
    onItem(errors);
  });
  return written;
}

const HOST_PATH_TYPES = [
  '',
  'DirectoryOrCreate',
  'Directory',
  'FileOrCreate',
  'File',
  'Socket',
  'CharDevice',
  'BlockDevice',
];

/** validateProjectionSources: one type per source, paths unique across sources, token lifetimes. */
function projected(p: Record<string, unknown>, path: FieldPath, out: Out): void {
  fileMode(p.defaultMode, [...path, 'defaultMode'], out);
  if (!Array.isArray(p.sources)) return;
  const paths = new Set<string>();
  const unique = (written: string[], value: (s: string) => unknown) => {
    for (const s of written) {
      if (paths.has(s))
        out.push({ at: path, part: 'key', message: fieldError.invalid(path, value(s), 'conflicting duplicate paths') });
      paths.add(s);
    }
  };
  p.sources.forEach((source, i) => {
    if (!isRecord(source)) return;
    const src = [...path, 'sources', i];
    for (const kind of ['secret', 'configMap'] as const) {
      const s = source[kind];
      if (!isRecord(s)) continue;
      required(s, ['name'], [...src, kind], out);
      unique(keyToPaths(s.items, [...src, kind, 'items'], out), () => s.name ?? '');
    }
    if (isRecord(source.downwardAPI))
      unique(downwardAPIFiles(source.downwardAPI.items, [...src, 'downwardAPI'], out), (s) => s);
    const token = source.serviceAccountToken;
    if (isRecord(token)) {
      const at = [...src, 'serviceAccountToken'];
      // SetDefaults_ServiceAccountTokenProjection: an unwritten expirationSeconds is an hour.
      const seconds = token.expirationSeconds;
      if (isInt(seconds) && seconds < 600)
        out.push({
          at: [...at, 'expirationSeconds'],
          message: fieldError.invalid(
            [...at, 'expirationSeconds'],
            seconds,
            'may not specify a duration less than 10 minutes',
          ),
        });
      if (isInt(seconds) && seconds > 2 ** 32)
        out.push({
          at: [...at, 'expirationSeconds'],
          message: fieldError.invalid(
            [...at, 'expirationSeconds'],
            seconds,
            'may not specify a duration larger than 2^32 seconds',
          ),
        });
      if (blank(token.path))
        out.push({ at: [...at, 'path'], part: 'key', message: fieldError.required([...at, 'path']) });
      localPath(token.path, [...at, 'path'], true, out);
    }
    const kinds = Object.keys(source).filter((k) => present(source[k]));
    if (kinds.length > 1)
      out.push({
        at: src,
        part: 'key',
        message: fieldError.forbidden(src, 'may not specify more than 1 volume type per source'),
      });
  });
}

/** What net.SplitHostPort accepts: a host (bracketed when it holds colons) and a port after the last colon. */
const HOST_PORT = /^(\[[^\]]*\]|[^:[\]]*):[^:]*$/;

const ISCSI_NAME: Readonly<Partial<Record<string, RegExp>>> = {
  iqn: /^iqn\.\d{4}-\d{2}\.[A-Za-z0-9.-]+(:[^,;*&$|\s]+)$/,
  eui: /^eui.[A-Za-z0-9]{16}$/,
  naa: /^naa.[A-Za-z0-9]{32}$/,
};

/** An iSCSI qualified name: iqn, eui or naa format (iscsiInitiatorIqnRegex and the like). */
function iscsiName(v: unknown, path: FieldPath, out: Out): void {
  if (typeof v !== 'string' || !v) return;
  const format = ISCSI_NAME[v.slice(0, 3)];
  if (!format)
    out.push({ at: path, message: fieldError.invalid(path, v, 'must be valid format starting with iqn, eui, or naa') });
  else if (!format.test(v)) out.push({ at: path, message: fieldError.invalid(path, v, 'must be valid format') });
}

const LUN_RANGE = 'must be between 0 and 255, inclusive';

/** validateISCSIVolumeSource beyond its required fields. */
function iscsi(src: Record<string, unknown>, path: FieldPath, out: Out): void {
  iscsiName(src.iqn, [...path, 'iqn'], out);
  if (isInt(src.lun) && (src.lun < 0 || src.lun > 255))
    out.push({ at: [...path, 'lun'], message: fieldError.invalid([...path, 'lun'], src.lun, LUN_RANGE) });
  if ((src.chapAuthDiscovery === true || src.chapAuthSession === true) && !present(src.secretRef))
    out.push({ at: [...path, 'secretRef'], part: 'key', message: fieldError.required([...path, 'secretRef']) });
  // Upstream spells the field initiatorname in its path.
  const errors: Out = [];
  iscsiName(src.initiatorName, [...path, 'initiatorname'], errors);
  for (const e of errors) out.push({ ...e, at: [...path, 'initiatorName'] });
}

/** validateFCVolumeSource: target WWNs (with a LUN) or WWIDs, not both. */
function fc(src: Record<string, unknown>, path: FieldPath, out: Out): void {
  const wwns = Array.isArray(src.targetWWNs) ? src.targetWWNs : [];
  const wwids = Array.isArray(src.wwids) ? src.wwids : [];
  const at = [...path, 'targetWWNs'];
  if (!wwns.length && !wwids.length)
    out.push({
      at,
      part: 'key',
      message: fieldError.required(at, 'must specify either targetWWNs or wwids, but not both'),
    });
  if (wwns.length && wwids.length)
    out.push({ at, message: fieldError.invalid(at, wwns, 'targetWWNs and wwids can not be specified simultaneously') });
  if (!wwns.length) return;
  const lun = [...path, 'lun'];
  if (!present(src.lun))
    out.push({ at: lun, part: 'key', message: fieldError.required(lun, 'lun is required if targetWWNs is specified') });
  else if (isInt(src.lun) && (src.lun < 0 || src.lun > 255))
    out.push({ at: lun, message: fieldError.invalid(lun, src.lun, LUN_RANGE) });
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/** The validator of one volume source. */
function source(field: string, src: Record<string, unknown>, path: FieldPath, out: Out): void {
  required(src, REQUIRED[field] ?? [], path, out);
  switch (field) {
    case 'emptyDir':
      if (quantitySign(src.sizeLimit) === -1)
        out.push({
          at: [...path, 'sizeLimit'],
          message: fieldError.forbidden([...path, 'sizeLimit'], 'SizeLimit field must be a valid resource quantity'),
        });
      break;
    case 'hostPath':
      if (blank(src.path))
        out.push({ at: [...path, 'path'], part: 'key', message: fieldError.required([...path, 'path']) });
      else {
        if (typeof src.path === 'string') noBacksteps(src.path, [...path, 'path'], out);
        if (typeof src.type === 'string' && !HOST_PATH_TYPES.includes(src.type))
          unsupported([...path, 'type'], src.type, HOST_PATH_TYPES, out);
      }
      break;
    case 'gitRepo':
      localPath(src.directory, [...path, 'directory'], false, out);
      break;
    case 'secret':
    case 'configMap':
      fileMode(src.defaultMode, [...path, 'defaultMode'], out);
      keyToPaths(src.items, [...path, 'items'], out);
      break;
    case 'downwardAPI':
      fileMode(src.defaultMode, [...path, 'defaultMode'], out);
      downwardAPIFiles(src.items, path, out);
      break;
    case 'nfs':
      if (!(typeof src.path === 'string' && src.path.startsWith('/')))
        out.push({
          at: [...path, 'path'],
          message: fieldError.invalid([...path, 'path'], src.path ?? '', 'must be an absolute path'),
        });
      break;
    case 'flocker': {
      const name = typeof src.datasetName === 'string' ? src.datasetName : '';
      const uuid = typeof src.datasetUUID === 'string' ? src.datasetUUID : '';
      if (!name && !uuid)
        out.push({
          at: path,
          part: 'key',
          message: fieldError.required(path, 'one of datasetName and datasetUUID is required'),
        });
      if (name && uuid)
        out.push({
          at: path,
          part: 'key',
          message: fieldError.invalid(
            path,
            'resource',
            'datasetName and datasetUUID can not be specified simultaneously',
          ),
        });
      if (name.includes('/'))
        out.push({
          at: [...path, 'datasetName'],
          message: fieldError.invalid([...path, 'datasetName'], name, "must not contain '/'"),
        });
      break;
    }
    case 'projected':
      projected(src, path, out);
      break;
    case 'image':
      if (typeof src.pullPolicy === 'string' && src.pullPolicy && !PULL_POLICIES.includes(src.pullPolicy))
        unsupported([...path, 'pullPolicy'], src.pullPolicy, PULL_POLICIES, out);
      break;
    case 'iscsi':
      iscsi(src, path, out);
      break;
    case 'fc':
      fc(src, path, out);
      break;
    case 'quobyte':
      if (typeof src.registry === 'string' && src.registry.split(',').some((pair) => !HOST_PORT.test(pair)))
        out.push({
          at: [...path, 'registry'],
          message: fieldError.invalid([...path, 'registry'], src.registry, QUOBYTE_REGISTRY),
        });
      if (typeof src.tenant === 'string' && src.tenant.length >= 65)
        out.push({
          at: [...path, 'tenant'],
          message: fieldError.required(
            [...path, 'tenant'],
            'must be a UUID and may not exceed a length of 64 characters',
          ),
        });
      break;
  }
}

/**
 * ValidateVolumes: names (DNS labels, unique), at most one source each, that source's fields;
 * returns the declared volumes by name. `pod` is set for a Pod (with its name when written: a
 * generated one is not known), whose ephemeral volumes' claims are named `<pod>-<volume>`.
 */
export function volumes(list: unknown, path: FieldPath, pod: { name?: string } | undefined, out: Out): Volumes {
  const names = new Map<string, Record<string, unknown>>();
  if (!Array.isArray(list)) return names;
  const generatedClaims = new Set<string>();
  list.forEach((v, i) => {
    if (!isRecord(v)) return;
    const name = [...path, i, 'name'];
    if (v.name === undefined || v.name === '')
      out.push({ at: [...path, i], part: 'key', message: fieldError.required(name) });
    else if (typeof v.name === 'string') {
      for (const e of dns1123Label(v.name)) out.push({ at: name, message: fieldError.invalid(name, v.name, e) });
      if (names.has(v.name)) out.push({ at: name, message: fieldError.duplicate(name, v.name) });
      names.set(v.name, v);
    }
    const sources = VOLUME_SOURCES.filter(([f]) => present(v[f]));
    for (const [f] of sources.slice(0, 1)) {
      const src = v[f];
      if (!isRecord(src)) continue;
      source(f, src, [...path, i, f], out);
      // validateImageVolumeSource: a template's reference may be filled in later, a Pod's may not.
      if (f === 'image' && pod) required(src, ['reference'], [...path, i, f], out);
      if (f === 'ephemeral' && pod?.name && typeof v.name === 'string') {
        const claim = `${pod.name}-${v.name}`;
        generatedClaims.add(claim);
        const at = [...path, i, 'name'];
        for (const e of dns1123Subdomain(claim))
          out.push({ at, message: fieldError.invalid(at, v.name, `PVC name ${goValue(claim)}: ${e}`) });
      }
    }
    for (const [f, printed] of sources.slice(1))
      out.push({
        at: [...path, i, f],
        part: 'key',
        message: fieldError.forbidden([...path, i, printed], 'may not specify more than 1 volume type'),
      });
  });
  list.forEach((v, i) => {
    const claim = isRecord(v) && isRecord(v.persistentVolumeClaim) ? v.persistentVolumeClaim.claimName : undefined;
    if (typeof claim !== 'string' || !generatedClaims.has(claim)) return;
    const at = [...path, i, 'persistentVolumeClaim', 'claimName'];
    out.push({
      at,
      message: fieldError.invalid(at, claim, 'must not reference a PVC that gets created for an ephemeral volume'),
    });
  });
  return names;
}
