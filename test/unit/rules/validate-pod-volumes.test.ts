// TestValidateVolumes (kubernetes/kubernetes pkg/apis/core/validation/validation_test.go), case by
// case: each table volume is the only volume of a Pod (podtest.MakePodSpec()), and each error the
// table expects (its field, relative to the volume) is looked for at spec.volumes[0].<field>. File
// modes are the table's octal literals as the decimal numbers a manifest writes (0644 = 420).
import { makePodSpec, validDeployment, type Obj } from './upstream-apps';
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

type C = Record<string, unknown>;

const pod = (): Obj => ({ metadata: { name: 'pod', namespace: 'default' }, spec: makePodSpec() });
const POD = { apiVersion: 'v1', kind: 'Pod' };
const V = 'spec.volumes[0]';

const withVolume = (name: string, source: C) => (p: Obj) => {
  p.spec.volumes = [{ name, ...source }];
};
const valid = (title: string, name: string, source: C): UpstreamCase<Obj> => [
  title,
  withVolume(name, source),
  undefined,
];
const invalid = (title: string, name: string, source: C, field: string, wanted?: string[]): UpstreamCase<Obj> => [
  title,
  withVolume(name, source),
  `${V}.${field}`,
  wanted,
];

const hostPath = (path: string, type: string) => ({ hostPath: { path, type } });
const gitRepo = (directory: string, revision?: string) => ({
  gitRepo: { repository: 'my-repo', ...(revision ? { revision } : {}), directory },
});
const iscsi = (extra: C) => ({
  iscsi: {
    targetPortal: '127.0.0.1',
    iqn: 'iqn.2015-02.example.com:test',
    lun: 1,
    fsType: 'ext4',
    readOnly: false,
    ...extra,
  },
});
const secret = (extra: C) => ({ secret: { secretName: 'my-secret', ...extra } });
const configMap = (extra: C) => ({ configMap: { name: 'my-cfgmap', ...extra } });
const item = (path: string, mode?: number) => ({ key: 'key', path, ...(mode === undefined ? {} : { mode }) });
const labels = (path: string, mode?: number) => ({
  path,
  fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' },
  ...(mode === undefined ? {} : { mode }),
});
const downward = (items: C[], defaultMode?: number) => ({
  downwardAPI: { items, ...(defaultMode === undefined ? {} : { defaultMode }) },
});
const field = (path: string, fieldPath: string) => ({ path, fieldRef: { apiVersion: 'v1', fieldPath } });
const resource = (path: string, r: string) => ({
  path,
  resourceFieldRef: { containerName: 'test-container', resource: r },
});
const fc = (extra: C) => ({ fc: { fsType: 'ext4', readOnly: false, ...extra } });
const quobyte = (extra: C) => ({ quobyte: { tenant: 'ThisIsSomeTenantUUID', ...extra } });
const scaleIO = (extra: C) => ({
  scaleIO: { gateway: 'http://abcd/efg', system: 'test-system', volumeName: 'test-vol-1', ...extra },
});
const imageVolume = (extra: C) => ({
  image: { reference: 'quay.io/my/artifact:v1', pullPolicy: 'IfNotPresent', ...extra },
});
const OCTAL_644 = 0o644;
const OCTAL_1000 = 0o1000;

const cases: UpstreamCase<Obj>[] = [
  valid('valid alpha name', 'empty', { emptyDir: {} }),
  valid('valid num name', '123', { emptyDir: {} }),
  valid('valid alphanum name', 'empty-123', { emptyDir: {} }),
  valid('valid numalpha name', '123-empty', { emptyDir: {} }),
  ['zero-length name', withVolume('', { emptyDir: {} }), `${V}.name`],
  invalid('name > 63 characters', 'a'.repeat(64), { emptyDir: {} }, 'name', ['must be no more than']),
  invalid('name not a DNS label', 'a.b.c', { emptyDir: {} }, 'name', ['a lowercase RFC 1123 label must consist of']),
  invalid('more than one source', 'dups', { emptyDir: {}, ...hostPath('/mnt/path', 'Directory') }, 'hostPath', [
    'may not specify more than 1 volume',
  ]),
  valid('default HostPath', 'hostpath', hostPath('/mnt/path', 'Directory')),
  valid('valid HostPath', 'hostpath', hostPath('/mnt/path', 'Socket')),
  invalid('invalid HostPath', 'hostpath', hostPath('/mnt/path', 'invalid'), 'hostPath.type'),
  invalid('invalid HostPath backsteps', 'hostpath', hostPath('/mnt/path/..', 'Directory'), 'hostPath.path', [
    "must not contain '..'",
  ]),
  valid('valid GcePersistentDisk', 'gce-pd', {
    gcePersistentDisk: { pdName: 'my-PD', fsType: 'ext4', partition: 1, readOnly: false },
  }),
  valid('valid AWSElasticBlockStore', 'aws-ebs', {
    awsElasticBlockStore: { volumeID: 'my-PD', fsType: 'ext4', partition: 1, readOnly: false },
  }),
  valid('valid GitRepo', 'git-repo', gitRepo('target', 'hashstring')),
  valid('valid GitRepo in .', 'git-repo-dot', gitRepo('.')),
  valid('valid GitRepo with .. in name', 'git-repo-dot-dot-foo', gitRepo('..foo')),
  invalid('GitRepo starts with ../', 'gitrepo', gitRepo('../dots/bar'), 'gitRepo.directory', ["must not contain '..'"]),
  invalid('GitRepo contains ..', 'gitrepo', gitRepo('dots/../bar'), 'gitRepo.directory', ["must not contain '..'"]),
  invalid('GitRepo absolute target', 'gitrepo', gitRepo('/abstarget'), 'gitRepo.directory'),
  valid('valid ISCSI', 'iscsi', iscsi({})),
  valid('valid IQN: eui format', 'iscsi', iscsi({ iqn: 'eui.0123456789ABCDEF' })),
  valid('valid IQN: naa format', 'iscsi', iscsi({ iqn: 'naa.62004567BA64678D0123456789ABCDEF' })),
  invalid('empty portal', 'iscsi', iscsi({ targetPortal: '' }), 'iscsi.targetPortal'),
  invalid('empty iqn', 'iscsi', iscsi({ iqn: '' }), 'iscsi.iqn'),
  invalid('invalid IQN: iqn format', 'iscsi', iscsi({ iqn: 'iqn.2015-02.example.com:test;ls;' }), 'iscsi.iqn'),
  invalid('invalid IQN: eui format', 'iscsi', iscsi({ iqn: 'eui.0123456789ABCDEFGHIJ' }), 'iscsi.iqn'),
  invalid('invalid IQN: naa format', 'iscsi', iscsi({ iqn: 'naa.62004567BA_4-78D.123456789ABCDEF' }), 'iscsi.iqn'),
  valid('valid initiatorName', 'iscsi', iscsi({ initiatorName: 'iqn.2015-02.example.com:init' })),
  invalid(
    'invalid initiatorName',
    'iscsi',
    iscsi({ initiatorName: '2015-02.example.com:init' }),
    'iscsi.initiatorname',
  ),
  invalid('empty secret (discovery CHAP)', 'iscsi', iscsi({ chapAuthDiscovery: true }), 'iscsi.secretRef'),
  invalid('empty secret (session CHAP)', 'iscsi', iscsi({ chapAuthSession: true }), 'iscsi.secretRef'),
  valid('valid Secret', 'secret', secret({})),
  valid('valid Secret with defaultMode', 'secret', secret({ defaultMode: OCTAL_644 })),
  valid('valid Secret with projection and mode', 'secret', secret({ items: [item('filename', OCTAL_644)] })),
  valid('valid Secret with subdir projection', 'secret', secret({ items: [item('dir/filename')] })),
  invalid(
    'secret with missing path',
    'secret',
    { secret: { secretName: 's', items: [item('')] } },
    'secret.items[0].path',
  ),
  invalid(
    'secret with leading ..',
    'secret',
    { secret: { secretName: 's', items: [item('../foo')] } },
    'secret.items[0].path',
  ),
  invalid(
    'secret with .. inside',
    'secret',
    { secret: { secretName: 's', items: [item('foo/../bar')] } },
    'secret.items[0].path',
  ),
  invalid(
    'secret with invalid positive defaultMode',
    'secret',
    secret({ defaultMode: OCTAL_1000 }),
    'secret.defaultMode',
  ),
  invalid('secret with invalid negative defaultMode', 'secret', secret({ defaultMode: -1 }), 'secret.defaultMode'),
  valid('valid ConfigMap', 'cfgmap', configMap({})),
  valid('valid ConfigMap with defaultMode', 'cfgmap', configMap({ defaultMode: OCTAL_644 })),
  valid('valid ConfigMap with projection and mode', 'cfgmap', configMap({ items: [item('filename', OCTAL_644)] })),
  valid('valid ConfigMap with subdir projection', 'cfgmap', configMap({ items: [item('dir/filename')] })),
  invalid(
    'configmap with missing path',
    'cfgmap',
    { configMap: { name: 'c', items: [item('')] } },
    'configMap.items[0].path',
  ),
  invalid(
    'configmap with leading ..',
    'cfgmap',
    { configMap: { name: 'c', items: [item('../foo')] } },
    'configMap.items[0].path',
  ),
  invalid(
    'configmap with .. inside',
    'cfgmap',
    { configMap: { name: 'c', items: [item('foo/../bar')] } },
    'configMap.items[0].path',
  ),
  invalid(
    'configmap with invalid positive defaultMode',
    'cfgmap',
    { configMap: { name: 'c', defaultMode: OCTAL_1000 } },
    'configMap.defaultMode',
  ),
  invalid(
    'configmap with invalid negative defaultMode',
    'cfgmap',
    { configMap: { name: 'c', defaultMode: -1 } },
    'configMap.defaultMode',
  ),
  valid('valid Glusterfs', 'glusterfs', { glusterfs: { endpoints: 'host1', path: 'path', readOnly: false } }),
  invalid('empty hosts', 'glusterfs', { glusterfs: { endpoints: '', path: 'path' } }, 'glusterfs.endpoints'),
  invalid('empty path', 'glusterfs', { glusterfs: { endpoints: 'host', path: '' } }, 'glusterfs.path'),
  valid('valid Flocker -- datasetUUID', 'flocker', {
    flocker: { datasetUUID: 'd846b09d-223d-43df-ab5b-d6db2206a0e4' },
  }),
  valid('valid Flocker -- datasetName', 'flocker', { flocker: { datasetName: 'datasetName' } }),
  invalid('both empty', 'flocker', { flocker: { datasetName: '' } }, 'flocker'),
  invalid(
    'both specified',
    'flocker',
    { flocker: { datasetName: 'datasetName', datasetUUID: 'd846b09d-223d-43df-ab5b-d6db2206a0e4' } },
    'flocker',
  ),
  invalid('slash in flocker datasetName', 'flocker', { flocker: { datasetName: 'foo/bar' } }, 'flocker.datasetName', [
    "must not contain '/'",
  ]),
  valid('valid RBD', 'rbd', { rbd: { monitors: ['foo'], image: 'bar', fsType: 'ext4' } }),
  invalid('empty rbd monitors', 'rbd', { rbd: { monitors: [], image: 'bar', fsType: 'ext4' } }, 'rbd.monitors'),
  invalid('empty image', 'rbd', { rbd: { monitors: ['foo'], image: '', fsType: 'ext4' } }, 'rbd.image'),
  valid('valid Cinder', 'cinder', { cinder: { volumeID: '29ea5088-4f60-4757-962e-dba678767887', fsType: 'ext4' } }),
  valid('valid CephFS', 'cephfs', { cephfs: { monitors: ['foo'] } }),
  invalid('empty cephfs monitors', 'cephfs', { cephfs: { monitors: [] } }, 'cephfs.monitors'),
  valid(
    'valid DownwardAPI',
    'downwardapi',
    downward([
      field('labels', 'metadata.labels'),
      field('labels with subscript', "metadata.labels['key']"),
      field('labels with complex subscript', "metadata.labels['test.example.com/key']"),
      field('annotations', 'metadata.annotations'),
      field('annotations with subscript', "metadata.annotations['key']"),
      field('annotations with complex subscript', "metadata.annotations['TEST.EXAMPLE.COM/key']"),
      field('namespace', 'metadata.namespace'),
      field('name', 'metadata.name'),
      field('path/with/subdirs', 'metadata.labels'),
      field('path/./withdot', 'metadata.labels'),
      field('path/with/embedded..dotdot', 'metadata.labels'),
      field('path/with/leading/..dotdot', 'metadata.labels'),
      resource('cpu_limit', 'limits.cpu'),
      resource('cpu_request', 'requests.cpu'),
      resource('memory_limit', 'limits.memory'),
      resource('memory_request', 'requests.memory'),
    ]),
  ),
  valid(
    'hugepages-downwardAPI-enabled',
    'downwardapi',
    downward([
      resource('hugepages_request', 'requests.hugepages-2Mi'),
      resource('hugepages_limit', 'limits.hugepages-2Mi'),
    ]),
  ),
  valid('downapi valid defaultMode', 'downapi', downward([], OCTAL_644)),
  valid('downapi valid item mode', 'downapi', downward([labels('path', OCTAL_644)])),
  invalid('downapi invalid positive item mode', 'downapi', downward([labels('path', OCTAL_1000)]), 'downwardAPI.mode'),
  invalid('downapi invalid negative item mode', 'downapi', downward([labels('path', -1)]), 'downwardAPI.mode'),
  invalid('downapi empty metatada path', 'downapi', downward([labels('')]), 'downwardAPI.path'),
  invalid('downapi absolute path', 'downapi', downward([labels('/absolutepath')]), 'downwardAPI.path'),
  invalid('downapi dot dot path', 'downapi', downward([labels('../../passwd')]), 'downwardAPI.path', [
    "must not contain '..'",
  ]),
  invalid('downapi dot dot file name', 'downapi', downward([labels('..badFileName')]), 'downwardAPI.path', [
    "must not start with '..'",
  ]),
  invalid(
    'downapi dot dot first level dirent',
    'downapi',
    downward([labels('..badDirName/goodFileName')]),
    'downwardAPI.path',
    ["must not start with '..'"],
  ),
  invalid(
    'downapi fieldRef and ResourceFieldRef together',
    'downapi',
    downward([
      { ...labels('test'), resourceFieldRef: { containerName: 'test-container', resource: 'requests.memory' } },
    ]),
    'downwardAPI',
    ['fieldRef and resourceFieldRef can not be specified simultaneously'],
  ),
  invalid('downapi invalid positive defaultMode', 'downapi', downward([], OCTAL_1000), 'downwardAPI.defaultMode'),
  invalid('downapi invalid negative defaultMode', 'downapi', downward([], -1), 'downwardAPI.defaultMode'),
  valid('FC valid targetWWNs and lun', 'fc', fc({ targetWWNs: ['some_wwn'], lun: 1 })),
  valid('FC valid wwids', 'fc', fc({ wwids: ['some_wwid'] })),
  invalid('FC empty targetWWNs and wwids', 'fc', fc({ targetWWNs: [], lun: 1, wwids: [] }), 'fc.targetWWNs', [
    'must specify either targetWWNs or wwids',
  ]),
  invalid(
    'FC invalid: both targetWWNs and wwids simultaneously',
    'fc',
    fc({ targetWWNs: ['some_wwn'], lun: 1, wwids: ['some_wwid'] }),
    'fc.targetWWNs',
    ['targetWWNs and wwids can not be specified simultaneously'],
  ),
  invalid('FC valid targetWWNs and empty lun', 'fc', fc({ targetWWNs: ['wwn'] }), 'fc.lun', [
    'lun is required if targetWWNs is specified',
  ]),
  invalid('FC valid targetWWNs and invalid lun', 'fc', fc({ targetWWNs: ['wwn'], lun: 256 }), 'fc.lun', [
    'must be between 0 and 255, inclusive',
  ]),
  valid('valid FlexVolume', 'flex-volume', { flexVolume: { driver: 'kubernetes.io/blue', fsType: 'ext4' } }),
  valid('valid AzureFile', 'azure-file', { azureFile: { secretName: 'key', shareName: 'share', readOnly: false } }),
  invalid(
    'AzureFile empty secret',
    'azure-file',
    { azureFile: { secretName: '', shareName: 'share' } },
    'azureFile.secretName',
  ),
  invalid(
    'AzureFile empty share',
    'azure-file',
    { azureFile: { secretName: 'name', shareName: '' } },
    'azureFile.shareName',
  ),
  valid(
    'valid Quobyte',
    'quobyte',
    quobyte({ registry: 'registry:7861', volume: 'volume', readOnly: false, user: 'root', group: 'root' }),
  ),
  invalid('empty registry quobyte', 'quobyte', quobyte({ volume: '/test' }), 'quobyte.registry'),
  invalid(
    'wrong format registry quobyte',
    'quobyte',
    quobyte({ registry: 'registry7861', volume: '/test' }),
    'quobyte.registry',
  ),
  invalid(
    'wrong format multiple registries quobyte',
    'quobyte',
    quobyte({ registry: 'registry:7861,reg2', volume: '/test' }),
    'quobyte.registry',
  ),
  invalid('empty volume quobyte', 'quobyte', quobyte({ registry: 'registry:7861' }), 'quobyte.volume'),
  valid('empty tenant quobyte', 'quobyte', quobyte({ registry: 'registry:7861', volume: '/test', tenant: '' })),
  invalid(
    'too long tenant quobyte',
    'quobyte',
    quobyte({
      registry: 'registry:7861',
      volume: '/test',
      tenant:
        'this is too long to be a valid uuid so this test has to fail on the maximum length validation of the tenant.',
    }),
    'quobyte.tenant',
  ),
  valid('valid AzureDisk', 'azure-disk', { azureDisk: { diskName: 'foo', diskURI: 'https://blob/vhds/bar.vhd' } }),
  invalid(
    'AzureDisk empty disk name',
    'azure-disk',
    { azureDisk: { diskName: '', diskURI: 'https://blob/vhds/bar.vhd' } },
    'azureDisk.diskName',
  ),
  invalid(
    'AzureDisk empty disk uri',
    'azure-disk',
    { azureDisk: { diskName: 'foo', diskURI: '' } },
    'azureDisk.diskURI',
  ),
  valid('valid scaleio volume', 'scaleio-volume', scaleIO({})),
  invalid('ScaleIO with empty name', 'scaleio-volume', scaleIO({ volumeName: '' }), 'scaleIO.volumeName'),
  invalid('ScaleIO with empty gateway', 'scaleio-volume', scaleIO({ gateway: '' }), 'scaleIO.gateway'),
  invalid('ScaleIO with empty system', 'scaleio-volume', scaleIO({ system: '' }), 'scaleIO.system'),
  invalid(
    'ProjectedVolumeSource more than one projection in a source',
    'projected-volume',
    { projected: { sources: [{ secret: { name: 'foo' } }, { secret: { name: 'foo' }, downwardAPI: {} }] } },
    'projected.sources[1]',
  ),
  invalid(
    'ProjectedVolumeSource more than one projection in a source (unnamed secrets)',
    'projected-volume',
    { projected: { sources: [{ secret: {} }, { secret: {}, downwardAPI: {} }] } },
    'projected.sources[1]',
    [`${V}.projected.sources[0].secret.name: Required value`, `${V}.projected.sources[1].secret.name: Required value`],
  ),
  valid('valid image volume on pod', 'image-volume', imageVolume({})),
  ['image volume with empty name', withVolume('', imageVolume({})), `${V}.name`],
  invalid(
    'image volume with empty reference on pod',
    'image-volume',
    imageVolume({ reference: '' }),
    'image.reference',
  ),
  invalid(
    'image volume with wrong pullPolicy',
    'image-volume',
    imageVolume({ pullPolicy: 'wrong' }),
    'image.pullPolicy',
  ),
];

runUpstreamTable({
  title: 'TestValidateVolumes (pkg/apis/core/validation/validation_test.go), each volume in a Pod',
  header: POD,
  base: pod,
  cases,
  inapplicable: {
    'no volume source':
      'SetDefaults_Volume makes a volume without a source an emptyDir before validation, so a manifest cannot reach the Required error',
    'image volume with empty reference on other object': 'transcribed below, in a Deployment template',
  },
});

// The case the table runs with ResourceIsPod false: a template's image volume may leave its reference
// empty (validateImageVolumeSource).
runUpstreamTable({
  title: 'TestValidateVolumes (pkg/apis/core/validation/validation_test.go), the template-only case, in a Deployment',
  header: { apiVersion: 'apps/v1', kind: 'Deployment' },
  base: validDeployment,
  cases: [
    [
      'image volume with empty reference on other object',
      (d) => {
        (d.spec.template as { spec: C }).spec.volumes = [{ name: 'image-volume', ...imageVolume({ reference: '' }) }];
      },
      undefined,
    ],
  ],
  inapplicable: {},
});
