import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TestClient } from '../lsp/support/client';

// Issue 15 §5: kroute on public repositories (../shared/realworld: manifests copied unchanged, with
// hand-judged expected.json and known-false-positives.json). Each repository is checked as a
// workspace root with the built CLI, kustomizations rendered by the kubectl on PATH. Counted: every
// expected entry reported (recall), and every other diagnostic at any severity except
// document-skipped (precision; extra yaml-syntax errors in a file expected to be broken are fine).

const ROOT = join(__dirname, '..', '..');
const REALWORLD = join(ROOT, '..', 'shared', 'realworld');
const CLI = join(ROOT, 'dist', 'cli.js');

/**
 * The target of issue 15 is 95 % for both, measured strictly against expected.json. These floors
 * are what kroute reaches today (2026-12-06: precision 77.4 %, recall 100 %): they may only rise.
 */
// 82 since an inert finding on a file several apps render stands only where every app reports it.
const PRECISION_FLOOR = 82;
const RECALL_FLOOR = 100;
const TARGET = 95;

/**
 * Findings expected.json does not list that we judged correct by the Kubernetes rule (printed
 * apart, never counted as expected: the strict precision above does not use this list). A
 * reviewer who disagrees deletes the entry; its finding then counts as not expected.
 */
const JUDGED_CORRECT: readonly (Entry & { repo: string; why: string })[] = [
  ...['app-v1', 'app-v2'].map((v) => ({
    repo: 'GoogleCloudPlatform__kubernetes-engine-samples',
    code: 'api-version-removed',
    line: 14,
    file: `cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/${v}/deployment-with-hpa.yaml`,
    why: "autoscaling/v2beta2 HorizontalPodAutoscaler: removed in Kubernetes 1.26 (Deprecated API Migration Guide); expected.json's own note on line 32 says it is rejected too.",
  })),
  ...['fluentd-cr.yml', 'fluentd-crb.yml'].map((f) => ({
    repo: 'microservices-demo__microservices-demo',
    code: 'api-version-removed',
    line: 1,
    file: `deploy/kubernetes/manifests-logging/${f}`,
    why: 'rbac.authorization.k8s.io/v1beta1: removed in Kubernetes 1.22 (Deprecated API Migration Guide); kubectl apply fails with "no matches for kind".',
  })),
  {
    repo: 'GoogleCloudPlatform__microservices-demo',
    code: 'networkpolicy-service-unreachable',
    line: 89,
    file: 'kustomize/components/google-cloud-operations/otel-collector.yaml',
    why: 'the kustomize/tests/*-with-all-components renders add the network-policies component (deny-all: podSelector {}, Ingress and Egress) to google-cloud-operations, whose collector no policy admits: every COLLECTOR_SERVICE_ADDR=opentelemetrycollector:4317 connection the component patches in times out.',
  },
];

interface Entry {
  code: string;
  file: string;
  line: number;
  why?: string;
}
interface Reported {
  code: string;
  file: string;
  range: { start: { line: number } };
  severity: string;
  message: string;
}

const present = existsSync(join(REALWORLD, 'expected.json')) && existsSync(CLI);

describe(
  'real repositories (../shared/realworld)',
  { skip: present ? false : 'needs ../shared/realworld beside the clone and a build (npm run build)' },
  () => {
    const expected = present
      ? (JSON.parse(readFileSync(join(REALWORLD, 'expected.json'), 'utf8')).repos as Record<string, Entry[]>)
      : {};
    const known = present
      ? (JSON.parse(readFileSync(join(REALWORLD, 'known-false-positives.json'), 'utf8')).repos as Record<
          string,
          Entry[]
        >)
      : {};
    const near = (a: { code: string; file: string; line: number }, b: Entry) =>
      a.code === b.code && a.file === b.file && Math.abs(a.line - b.line) <= 1;
    let found = 0;
    let missed = 0;
    let extra = 0;
    let judged = 0;
    const lines: string[] = [];

    for (const repo of Object.keys(expected)) {
      it(repo, () => {
        const run = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], {
          cwd: join(REALWORLD, repo),
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        assert.ok(run.status === 0 || run.status === 1, `kroute check exited ${run.status}: ${run.stderr}`);
        const got = (JSON.parse(run.stdout) as Reported[]).map((d) => ({
          code: d.code,
          file: d.file,
          line: d.range.start.line,
          severity: d.severity,
          message: d.message,
        }));
        const matched = new Set<number>();
        for (const e of expected[repo]) {
          const hits = got.flatMap((g, i) => (near(g, e) ? [i] : []));
          hits.forEach((i) => matched.add(i));
          if (hits.length) found++;
          else {
            missed++;
            lines.push(`  MISSED ${repo} ${e.code} ${e.file}:${e.line + 1}`);
          }
        }
        const brokenFiles = new Set(expected[repo].filter((e) => e.code === 'yaml-syntax').map((e) => e.file));
        got.forEach((g, i) => {
          if (matched.has(i) || g.code === 'document-skipped' || (g.code === 'yaml-syntax' && brokenFiles.has(g.file)))
            return;
          extra++;
          const correct = JUDGED_CORRECT.find((j) => j.repo === repo && near(g, j));
          if (correct) judged++;
          const again = (known[repo] ?? []).some((k) => near(g, k));
          const label = correct
            ? 'NOT IN expected.json, JUDGED CORRECT'
            : again
              ? 'KNOWN FALSE POSITIVE'
              : 'UNEXPECTED';
          lines.push(
            `  ${label} ${repo} ${g.code} ${g.file}:${g.line + 1} ${g.severity}: ${g.message.slice(0, 140)}${correct ? `\n#     (${correct.why})` : ''}`,
          );
        });
      });
    }

    it(`precision and recall (target ${TARGET} % each)`, () => {
      const precision = (100 * found) / Math.max(1, found + extra);
      const recall = (100 * found) / Math.max(1, found + missed);
      console.log(`# realworld: ${found} expected reported, ${missed} missed, ${extra} not expected`);
      console.log(
        `# realworld: precision ${precision.toFixed(1)} %, recall ${recall.toFixed(1)} % (target ${TARGET} %)`,
      );
      console.log(
        `# realworld: precision ${((100 * (found + judged)) / Math.max(1, found + extra)).toFixed(1)} % counting the ${judged} findings judged correct beyond expected.json (listed below)`,
      );
      for (const l of lines) console.log(`#${l}`);
      assert.ok(precision >= PRECISION_FLOOR, `precision ${precision.toFixed(1)} % fell below ${PRECISION_FLOOR} %`);
      assert.ok(recall >= RECALL_FLOOR, `recall ${recall.toFixed(1)} % fell below ${RECALL_FLOOR} %`);
    });
  },
);

// The language server on two of the repositories: what the editor shows (every file's published
// diagnostics, after the scan and the kustomize renders) is what kroute check reports.
describe(
  'real repositories in the language server',
  { skip: present ? false : 'needs ../shared/realworld beside the clone and a build (npm run build)' },
  () => {
    for (const repo of ['Azure-Samples__aks-store-demo', 'kubernetes__examples']) {
      it(`${repo}: the editor's diagnostics are kroute check's`, async () => {
        const dir = join(REALWORLD, repo);
        const run = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], {
          cwd: dir,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        const cli = (JSON.parse(run.stdout) as Reported[])
          .map((d) => `${d.file}:${d.range.start.line} ${d.code}`)
          .sort();
        const client = new TestClient();
        after(() => client.dispose());
        await client.initialize(dir);
        const root = pathToFileURL(dir).href + '/';
        const published = () =>
          [...client.publishedUris()]
            .flatMap((uri) =>
              (client.diagnosticsFor(uri) ?? []).map(
                (d) => `${decodeURIComponent(uri.slice(root.length))}:${d.range.start.line} ${d.code}`,
              ),
            )
            .sort();
        // Renders finish after the scan: wait until the editor has caught up with the CLI.
        await client
          .until(
            'the same diagnostics as kroute check',
            () => JSON.stringify(published()) === JSON.stringify(cli),
            120_000,
          )
          .catch(() => undefined);
        assert.deepEqual(published(), cli);
      });
    }
  },
);
