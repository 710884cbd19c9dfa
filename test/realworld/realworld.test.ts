import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// Issue 15 §5: kroute on public repositories (../shared/realworld: manifests copied unchanged, with
// hand-judged expected.json and known-false-positives.json). Each repository is checked as a
// workspace root with the built CLI, kustomizations rendered by the kubectl on PATH. Counted: every
// expected entry reported (recall), and every other diagnostic at any severity except
// document-skipped (precision; extra yaml-syntax errors in a file expected to be broken are fine).

const ROOT = join(__dirname, '..', '..');
const REALWORLD = join(ROOT, '..', 'shared', 'realworld');
const CLI = join(ROOT, 'dist', 'cli.js');

/** The target of issue 15 is 95 % for both; these floors are what kroute reaches today and may only rise. */
const PRECISION_FLOOR = Number(process.env.KROUTE_REALWORLD_PRECISION_FLOOR ?? 0);
const RECALL_FLOOR = Number(process.env.KROUTE_REALWORLD_RECALL_FLOOR ?? 0);
const TARGET = 95;

interface Entry { code: string; file: string; line: number; why?: string }
interface Reported { code: string; file: string; range: { start: { line: number } }; severity: string; message: string }

const present = existsSync(join(REALWORLD, 'expected.json')) && existsSync(CLI);

describe('real repositories (../shared/realworld)', { skip: present ? false : 'needs ../shared/realworld beside the clone and a build (npm run build)' }, () => {
  const expected = present ? (JSON.parse(readFileSync(join(REALWORLD, 'expected.json'), 'utf8')).repos as Record<string, Entry[]>) : {};
  const known = present ? (JSON.parse(readFileSync(join(REALWORLD, 'known-false-positives.json'), 'utf8')).repos as Record<string, Entry[]>) : {};
  const near = (a: { code: string; file: string; line: number }, b: Entry) => a.code === b.code && a.file === b.file && Math.abs(a.line - b.line) <= 1;
  let found = 0;
  let missed = 0;
  let extra = 0;
  const lines: string[] = [];

  for (const repo of Object.keys(expected)) {
    it(repo, () => {
      const run = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], { cwd: join(REALWORLD, repo), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.ok(run.status === 0 || run.status === 1, `kroute check exited ${run.status}: ${run.stderr}`);
      const got = (JSON.parse(run.stdout) as Reported[]).map((d) => ({ code: d.code, file: d.file, line: d.range.start.line, severity: d.severity, message: d.message }));
      const matched = new Set<number>();
      for (const e of expected[repo]!) {
        const hits = got.flatMap((g, i) => (near(g, e) ? [i] : []));
        hits.forEach((i) => matched.add(i));
        if (hits.length) found++;
        else {
          missed++;
          lines.push(`  MISSED ${repo} ${e.code} ${e.file}:${e.line + 1}`);
        }
      }
      const brokenFiles = new Set(expected[repo]!.filter((e) => e.code === 'yaml-syntax').map((e) => e.file));
      got.forEach((g, i) => {
        if (matched.has(i) || g.code === 'document-skipped' || (g.code === 'yaml-syntax' && brokenFiles.has(g.file))) return;
        extra++;
        const again = (known[repo] ?? []).some((k) => near(g, k));
        lines.push(`  ${again ? 'KNOWN FALSE POSITIVE' : 'UNEXPECTED'} ${repo} ${g.code} ${g.file}:${g.line + 1} ${g.severity}: ${g.message.slice(0, 140)}`);
      });
    });
  }

  it(`precision and recall (target ${TARGET} % each)`, () => {
    const precision = (100 * found) / Math.max(1, found + extra);
    const recall = (100 * found) / Math.max(1, found + missed);
    console.log(`# realworld: ${found} expected reported, ${missed} missed, ${extra} not expected`);
    console.log(`# realworld: precision ${precision.toFixed(1)} %, recall ${recall.toFixed(1)} % (target ${TARGET} %)`);
    for (const l of lines) console.log(`#${l}`);
    assert.ok(precision >= PRECISION_FLOOR, `precision ${precision.toFixed(1)} % fell below ${PRECISION_FLOOR} %`);
    assert.ok(recall >= RECALL_FLOOR, `recall ${recall.toFixed(1)} % fell below ${RECALL_FLOOR} %`);
  });
});
