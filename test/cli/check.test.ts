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

function kroute(args: string[], options: { input?: string; cwd?: string } = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, input: options.input, encoding: 'utf8', timeout: 60_000 });
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
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'examples/mistakes/nodeport-80.yaml:14:17: error nodeport-out-of-range spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767');
    assert.match(lines[1]!, /^examples\/mistakes\/typo-selector\.yaml:32:10: warning selector-matches-nothing Selector app=cart-service matches no pods: the nearest is deployment\/cart, which differs in `app: cart-service` vs `app: cart`\.$/);
    assert.match(lines[2]!, /^examples\/mistakes\/unknown-target-port\.yaml:13:19: warning target-port-unresolved targetPort "web" /);
    assert.match(lines.at(-1)!, /^3 problems \(1 error, 2 warnings, 0 information\) in 3 files; \d+ files checked$/);
  });

  it('json: an array of { file, range (0-based), severity, code, message, resource }', () => {
    const r = kroute(['check', 'examples', '--format', 'json']);
    assert.equal(r.code, 1);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(rows[0], {
      file: 'examples/mistakes/nodeport-80.yaml',
      range: { start: { line: 13, character: 16 }, end: { line: 13, character: 18 } },
      severity: 'error',
      code: 'nodeport-out-of-range',
      message: 'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
      resource: 'Service shop/admin',
    });
    assert.deepEqual(rows.map((x) => x.code), ['nodeport-out-of-range', 'selector-matches-nothing', 'target-port-unresolved']);
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
      if (!['yaml-syntax', 'file-too-large'].includes(rule.id)) assert.ok(existsSync(join(ROOT, 'docs', 'rules', `${rule.id}.md`)), rule.id);
    }
    const results = log.runs[0].results;
    assert.equal(results.length, 3);
    for (const res of results) {
      assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.ok(res.message.text);
      const loc = res.locations[0].physicalLocation;
      assert.match(loc.artifactLocation.uri, /^examples\/mistakes\/[a-z0-9-]+\.yaml$/);
      for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(Number.isInteger(loc.region[k]) && loc.region[k] >= 1, k);
    }
    assert.deepEqual(results[0].locations[0].physicalLocation.region, { startLine: 14, startColumn: 17, endLine: 14, endColumn: 19 });
    assert.equal(results[1].relatedLocations[0].physicalLocation.artifactLocation.uri, 'examples/mistakes/typo-selector.yaml');
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

  it('--rule CODE=SEVERITY overrides severity; off drops the rule', () => {
    const file = join(RULES, 'nodeport-out-of-range', 'fail.yaml');
    const r = kroute(['check', file, '--rule', 'nodeport-out-of-range=warning', '--format', 'json']);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout).map((x: { code: string; severity: string }) => `${x.code} ${x.severity}`), ['selector-matches-nothing warning', 'nodeport-out-of-range warning']);
    const off = kroute(['check', file, '--rule=nodeport-out-of-range=off', '--rule', 'selector-matches-nothing=off']);
    assert.equal(off.stdout, 'No problems in 1 file\n');
  });

  it('reads ./.kroute.yaml by default and --config FILE when given; the cluster section sets the NodePort range', () => {
    write('svc.yaml', readFileSync(join(RULES, 'nodeport-out-of-range', 'fail.yaml'), 'utf8'));
    assert.equal(kroute(['check', '.'], { cwd: dir }).code, 1);
    write('.kroute.yaml', 'rules:\n  nodeport-out-of-range: off\n');
    assert.equal(kroute(['check', '.'], { cwd: dir }).code, 0);
    write('wide.yaml', 'cluster:\n  nodePortRange: 1-32767\n');
    assert.equal(kroute(['check', 'svc.yaml', '--config', 'wide.yaml'], { cwd: dir }).code, 0);
    assert.equal(kroute(['check', 'svc.yaml', '--config', 'wide.yaml', '--node-port-range', '30000-32767'], { cwd: dir }).code, 1, 'flags win over the file');
  });

  it('reads a YAML stream from stdin (-) and honours # kroute-disable-next-line', () => {
    const text = readFileSync(join(RULES, 'nodeport-out-of-range', 'fail.yaml'), 'utf8');
    const r = kroute(['check', '-'], { input: text });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^<stdin>:12:17: error nodeport-out-of-range /m);
    const quiet = kroute(['check', '-'], { input: text.replace('      nodePort: 80', '      # kroute-disable-next-line nodeport-out-of-range\n      nodePort: 80') });
    assert.equal(quiet.code, 0, quiet.stdout);
    assert.doesNotMatch(quiet.stdout, /nodeport-out-of-range/);
  });

  for (const [what, args, message] of [
    ['an unknown format', ['--format', 'xml'], /--format must be one of text, json, sarif/],
    ['an unknown rule', ['--rule', 'no-such-rule=off'], /--rule: unknown rule "no-such-rule"/],
    ['a bad severity', ['--rule', 'nodeport-conflict=fatal'], /severity must be one of off, error, warning, information, hint/],
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
    const files = (JSON.parse(r.stdout) as Array<{ file: string }>).map((row) => row.file);
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
