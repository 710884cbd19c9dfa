import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rules } from '../../server/src/engine/rules';

// Runs the bundled `kroute check` as a user would (npm test builds first; alone, it builds once).
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const RULES = join(ROOT, 'test', 'fixtures', 'rules');

function kroute(
  args: string[],
  options: { input?: string; cwd?: string } = {},
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  if (!existsSync(CLI) || !readFileSync(CLI, 'utf8').includes('--max-warnings')) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
  }
});

describe('kroute check on examples/', () => {
  it('text: one clickable path:line:col line per problem, then a summary; exit 1 on errors', () => {
    const r = kroute(['check', 'examples']);
    assert.equal(r.code, 1, r.stderr);
    const [chart, ...lines] = r.stdout.trim().split('\n');
    assert.match(
      chart,
      /^examples\/charts\/cache\/Chart\.yaml:2:1: information document-skipped Helm chart cache: its templates are not analysed/,
    );
    assert.equal(
      lines[0],
      'examples/mistakes/nodeport-80.yaml:14:17: error nodeport-out-of-range spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    assert.match(
      lines[1],
      /^examples\/mistakes\/typo-selector\.yaml:32:10: warning selector-matches-nothing Selector app=cart-service matches no pods: the nearest is deployment\/cart, which differs in app=cart-service vs app=cart\.$/,
    );
    assert.match(
      lines[2],
      /^examples\/mistakes\/unknown-target-port\.yaml:13:19: warning target-port-unresolved targetPort "web" /,
    );
    // examples/shop/console.yaml shows the externalTrafficPolicy: Local drop on purpose (one pod, three nodes).
    assert.match(
      lines[3],
      /^examples\/shop\/console\.yaml:35:26: information local-policy-drops externalTrafficPolicy: Local: node-\d, node-\d have no ready endpoint/,
    );
    assert.match(lines.at(-1)!, /^5 problems \(1 error, 2 warnings, 2 information\) in 5 files; \d+ files checked$/);
  });

  it('json: an array of { file, range (0-based), severity, code, message, resource }', () => {
    const r = kroute(['check', 'examples', '--format', 'json']);
    assert.equal(r.code, 1);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.deepEqual(rows[1], {
      file: 'examples/mistakes/nodeport-80.yaml',
      range: { start: { line: 13, character: 16 }, end: { line: 13, character: 18 } },
      severity: 'error',
      code: 'nodeport-out-of-range',
      message:
        'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
      resource: 'Service shop/admin',
    });
    assert.deepEqual(
      rows.map((x) => x.code),
      [
        'document-skipped',
        'nodeport-out-of-range',
        'selector-matches-nothing',
        'target-port-unresolved',
        'local-policy-drops',
      ],
    );
  });

  it('sarif: valid SARIF 2.1.0 with rules linking to docs/rules/<code>.md', () => {
    const r = kroute(['check', 'examples', '--format', 'sarif']);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'kroute');
    assert.equal(typeof driver.version, 'string');
    const ids = driver.rules.map((x: { id: string }) => x.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
      const doc = /\/docs\/rules\/([a-z-]+)\.md$/.exec(rule.helpUri);
      assert.ok(doc && doc[1] === rule.id, rule.helpUri);
      if (!['yaml-syntax', 'file-too-large'].includes(rule.id))
        assert.ok(existsSync(join(ROOT, 'docs', 'rules', `${rule.id}.md`)), rule.id);
    }
    const results = log.runs[0].results;
    assert.equal(results.length, 5);
    for (const res of results) {
      assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.ok(res.message.text);
      const loc = res.locations[0].physicalLocation;
      assert.match(
        loc.artifactLocation.uri,
        /^examples\/(mistakes\/[a-z0-9-]+|charts\/cache\/Chart|shop\/console)\.yaml$/,
      );
      for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn'])
        assert.ok(Number.isInteger(loc.region[k]) && loc.region[k] >= 1, k);
    }
    assert.deepEqual(results[1].locations[0].physicalLocation.region, {
      startLine: 14,
      startColumn: 17,
      endLine: 14,
      endColumn: 19,
    });
    assert.equal(
      results[2].relatedLocations[0].physicalLocation.artifactLocation.uri,
      'examples/mistakes/typo-selector.yaml',
    );
  });
});

describe('kroute check exit codes and configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kroute-check-'));
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('0 when clean, with a one-line summary', () => {
    const r = kroute(['check', join(RULES, 'selector-matches-nothing', 'pass.yaml')]);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.stdout, 'No problems in 1 file\n');
  });

  it('warnings alone exit 0, unless there are more than --max-warnings', () => {
    const file = join(RULES, 'selector-matches-nothing', 'fail.yaml');
    assert.equal(kroute(['check', file]).code, 0);
    assert.equal(kroute(['check', file, '--max-warnings', '2']).code, 0);
    const r = kroute(['check', file, '--max-warnings', '1']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Too many warnings: 2 \(--max-warnings 1\)/);
  });

  it('counts hints apart from information in the summary (target-port-not-declared is a hint)', () => {
    const r = kroute(['check', join(RULES, 'target-port-not-declared', 'fail.yaml')]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /: hint target-port-not-declared targetPort 8000\/TCP /);
    assert.match(r.stdout, /\n1 problem \(0 errors, 0 warnings, 0 information, 1 hint\) in 1 file; 1 file checked\n$/);
  });

  it('--rule CODE=SEVERITY overrides severity; off drops the rule', () => {
    const file = join(RULES, 'nodeport-out-of-range', 'fail.yaml');
    const r = kroute(['check', file, '--rule', 'nodeport-out-of-range=warning', '--format', 'json']);
    assert.equal(r.code, 0);
    assert.deepEqual(
      JSON.parse(r.stdout).map((x: { code: string; severity: string }) => `${x.code} ${x.severity}`),
      ['nodeport-out-of-range warning'],
    );
    const off = kroute(['check', file, '--rule=nodeport-out-of-range=off']);
    assert.equal(off.stdout, 'No problems in 1 file\n');
  });

  it('reads ./.kroute.yaml by default and --config FILE when given; the cluster section sets the NodePort range', () => {
    write('svc.yaml', readFileSync(join(RULES, 'nodeport-out-of-range', 'fail.yaml'), 'utf8'));
    assert.equal(kroute(['check', '.'], { cwd: dir }).code, 1);
    write('.kroute.yaml', 'rules:\n  nodeport-out-of-range: off\n');
    assert.equal(kroute(['check', '.'], { cwd: dir }).code, 0);
    write('wide.yaml', 'cluster:\n  nodePortRange: 1-32767\n');
    assert.equal(kroute(['check', 'svc.yaml', '--config', 'wide.yaml'], { cwd: dir }).code, 0);
    assert.equal(
      kroute(['check', 'svc.yaml', '--config', 'wide.yaml', '--node-port-range', '30000-32767'], { cwd: dir }).code,
      1,
      'flags win over the file',
    );
  });

  it('reads a YAML stream from stdin (-) and honours # kroute-disable-next-line', () => {
    const text = readFileSync(join(RULES, 'nodeport-out-of-range', 'fail.yaml'), 'utf8');
    const r = kroute(['check', '-'], { input: text });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^<stdin>:12:17: error nodeport-out-of-range /m);
    const quiet = kroute(['check', '-'], {
      input: text.replace(
        '      nodePort: 80',
        '      # kroute-disable-next-line nodeport-out-of-range\n      nodePort: 80',
      ),
    });
    assert.equal(quiet.code, 0, quiet.stdout);
    assert.doesNotMatch(quiet.stdout, /nodeport-out-of-range/);
  });

  for (const [what, args, message] of [
    ['an unknown format', ['--format', 'xml'], /--format must be one of text, json, sarif/],
    ['an unknown rule', ['--rule', 'no-such-rule=off'], /--rule: unknown rule "no-such-rule"/],
    [
      'a bad severity',
      ['--rule', 'nodeport-conflict=fatal'],
      /severity must be one of off, error, warning, information, hint/,
    ],
    ['a malformed --rule', ['--rule', 'nodeport-conflict'], /--rule must be CODE=SEVERITY/],
    ['a bad --max-warnings', ['--max-warnings', 'many'], /--max-warnings must be a whole number/],
    ['a missing path', ['no/such/dir'], /no\/such\/dir: no such file or directory/],
    ['a missing --config', ['--config', 'nope.yaml'], /--config nope\.yaml: cannot be read/],
  ] as const) {
    it(`exit 2 with one line for ${what}`, () => {
      const r = kroute(['check', 'examples', ...args]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    });
  }

  it('exit 2 for an invalid .kroute.yaml, naming the entry', () => {
    write('.kroute.yaml', 'rules:\n  nodeport-out-of-range: loud\n');
    const r = kroute(['check', '.'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^kroute check: \.kroute\.yaml: rule "nodeport-out-of-range": severity must be one of/);
  });

  it('--list-rules prints every rule with its default severity', () => {
    const r = kroute(['check', '--list-rules']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^field-type +error +/m);
    assert.match(r.stdout, /^selector-matches-nothing +warning +/m);
    assert.match(r.stdout, /^api-version-removed +error +/m);
    assert.equal(r.stdout.trim().split('\n').length, rules.length);
  });
});

describe('kroute check: paths that are not plain files in the given directories', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kroute-cli-links-'));
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n';
  before(() => {
    mkdirSync(join(dir, 'ws'));
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'ws', 'web.yaml'), service);
    writeFileSync(join(dir, 'outside', 'secret.yaml'), service.replace('web', 'outside'));
    symlinkSync('../outside/secret.yaml', join(dir, 'ws', 'link.yaml'));
    symlinkSync('../outside', join(dir, 'ws', 'dir-link'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('does not follow symlinks out of the directory, and says so', () => {
    const r = kroute(['check', 'ws', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const files = (JSON.parse(r.stdout) as { file: string }[]).map((row) => row.file);
    assert.deepEqual([...new Set(files)], ['ws/web.yaml'], 'only the file inside ws/ is checked');
    assert.match(r.stderr, /ws\/link\.yaml: symlink leads outside ws, skipped/);
    assert.match(r.stderr, /ws\/dir-link: symlink leads outside ws, skipped/);
    const all = kroute(['check', 'ws'], { cwd: dir });
    assert.match(all.stdout, /1 file checked/);
  });

  it('refuses a path that is neither a file nor a directory: one line, exit 2', () => {
    const r = kroute(['check', '/dev/null']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), 'kroute check: /dev/null: not a file or directory');
  });
});

describe('kroute check: which files of a directory are read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kroute-cli-files-'));
  const service = (name: string) =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n`;
  before(() => {
    mkdirSync(join(dir, 'chart', 'templates'), { recursive: true });
    // A List, as `kubectl get -o json` writes one: the Service was written for deployment/api (its
    // name), whose pods it does not select.
    writeFileSync(
      join(dir, 'api.json'),
      JSON.stringify(
        {
          apiVersion: 'v1',
          kind: 'List',
          items: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              metadata: { name: 'api' },
              spec: {
                selector: { matchLabels: { app: 'backend' } },
                template: {
                  metadata: { labels: { app: 'backend' } },
                  spec: { containers: [{ name: 'api', image: 'example' }] },
                },
              },
            },
            {
              apiVersion: 'v1',
              kind: 'Service',
              metadata: { name: 'api' },
              spec: { selector: { app: 'api' }, ports: [{ port: 80 }] },
            },
          ],
        },
        null,
        2,
      ),
    );
    writeFileSync(join(dir, 'package.json'), '{ "name": "app", "version": "1.0.0" }\n');
    writeFileSync(join(dir, 'tsconfig.json'), '{ // comments: not even JSON\n  "compilerOptions": {} }\n');
    writeFileSync(join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'chart', 'templates', 'svc.yaml'), service('chart-svc'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("JSON files holding Kubernetes objects, not other JSON; a chart's templates are not analysed, its Chart.yaml says so", () => {
    const r = kroute(['check', '.'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.stdout
        .trim()
        .split('\n')
        .filter((l) => /: (error|warning|information|hint) /.test(l))
        .map((l) => l.split(' ').slice(0, 3).join(' ')),
      ['api.json:41:9: warning selector-matches-nothing', 'chart/Chart.yaml:2:1: information document-skipped'],
    );
    assert.match(r.stdout, /; 3 files checked\n$/, "api.json and the chart's two files");
  });

  it("a chart's templates/ named alone brings its Chart.yaml along", () => {
    const r = kroute(['check', 'chart/templates', '--format', 'json'], { cwd: dir });
    assert.deepEqual(
      (JSON.parse(r.stdout) as { file: string; code: string }[]).map((row) => [row.file, row.code]),
      [['chart/Chart.yaml', 'document-skipped']],
    );
  });
});
