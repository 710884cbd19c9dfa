import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigFileError, parseConfigFile, validSeverities } from '../../../server/src/engine/config-file';
import { check, fixture } from './helpers';

describe('.kroute.yaml', () => {
  it('reads rule severities (off, or false) and cluster settings', () => {
    const c = parseConfigFile(
      '# shared by the editor and CI\nrules:\n  selector-spans-workloads: off\n  no-endpoints: false\n  target-port-unresolved: error\ncluster:\n  nodePortRange: 20000-22767\n  nodes: 5\n',
    );
    assert.deepEqual(c.rules, {
      'selector-spans-workloads': 'off',
      'no-endpoints': 'off',
      'target-port-unresolved': 'error',
    });
    assert.deepEqual(c.settings, { nodePortRange: '20000-22767', nodes: 5 });
  });

  it('an empty file is an empty configuration', () => {
    assert.deepEqual(parseConfigFile(''), { rules: {}, settings: {}, apps: [] });
  });

  for (const [text, message] of [
    ['rules: [a]', /`rules` must map rule codes to severities/],
    ['rules:\n  no-such-rule: off', /unknown rule "no-such-rule"/],
    ['rules:\n  nodeport-conflict: loud', /severity must be one of off, error, warning, information, hint/],
    ['cluster:\n  nodePortRnage: 1-2', /cluster: unknown setting "nodePortRnage"/],
    ['severity: high', /unknown key "severity"/],
    ['rules: {', /not valid YAML/],
    ['apps: shop', /`apps` must be a list of \{ name, paths \}/],
    ['apps:\n  - paths: [k8s]', /apps\[0\]: needs a name/],
    ['apps:\n  - name: shop\n    paths: []', /apps\[0\] \(shop\): paths must be a list of directories, files or globs/],
    ['apps:\n  - name: shop\n    paths: [k8s]\n    path: x', /apps\[0\] \(shop\): unknown key "path"/],
  ] as const) {
    it(`rejects ${JSON.stringify(text)} with one line naming the entry`, () => {
      assert.throws(
        () => parseConfigFile(text),
        (e: Error) => e instanceof ConfigFileError && message.test(e.message) && !e.message.includes('\n'),
      );
    });
  }

  it('apps: a name and paths, relative to the file (apps/layout.ts matches them)', () => {
    assert.deepEqual(
      parseConfigFile('apps:\n  - name: shop\n    paths: [deploy/complete-demo.yaml, "deploy/manifests/**/*.yaml"]\n')
        .apps,
      [{ name: 'shop', paths: ['deploy/complete-demo.yaml', 'deploy/manifests/**/*.yaml'] }],
    );
  });

  it('its severities reach the diagnostics: off drops a rule, another severity replaces the default', () => {
    const text = fixture('nodeport-out-of-range', 'fail.yaml');
    const { rules } = parseConfigFile('rules:\n  nodeport-out-of-range: warning\n  selector-matches-nothing: off\n');
    const all = check(text, { severities: rules }).all;
    assert.deepEqual(
      all.map((d) => `${d.code} ${d.severity}`),
      ['nodeport-out-of-range warning'],
    );
  });

  it('# kroute-disable-next-line silences only the named code on the next line', () => {
    const text = fixture('port-name-required', 'fail.yaml').replace(
      '    - port: 443',
      '    # kroute-disable-next-line port-name-required\n    - port: 443',
    );
    const lines = check(text)
      .all.filter((d) => d.code === 'port-name-required')
      .map((d) => d.range.start.line);
    assert.deepEqual(lines, [9]);
  });
});

describe('kroute.rules setting', () => {
  it('keeps the valid entries and names each invalid one', () => {
    const { severities, errors } = validSeverities({
      'no-endpoints': 'off',
      'nodeport-conflict': 'loud',
      typo: 'error',
    });
    assert.deepEqual(severities, { 'no-endpoints': 'off' });
    assert.equal(errors.length, 2);
    assert.match(errors[0], /rule "nodeport-conflict": severity must be one of/);
    assert.match(errors[1], /unknown rule "typo"/);
  });
});
