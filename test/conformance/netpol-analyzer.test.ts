import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';

// `kroute connectivity` over netpol-analyzer's own test inputs (../shared/conformance/netpol-analyzer,
// Apache-2.0, see its SOURCE.md), compared with the connectivity lists netpol-analyzer's tests expect.
// Rows are normalised as SOURCE.md documents ("How a kroute result is compared"): spelling only,
// never row identity. DIFFERENCES lists every fixture where kroute disagrees, with the reason.
const ROOT = resolve(__dirname, '..', '..');
const SUITE = resolve(ROOT, '..', 'shared', 'conformance', 'netpol-analyzer');
const CLI = join(ROOT, 'dist', 'cli.js');
const present = existsSync(join(SUITE, 'index.json'));

interface Fixture {
  test: string;
  dir: string;
  expected: string;
}

/** Fixtures where kroute's list differs from netpol-analyzer's, and why. */
const DIFFERENCES: Record<string, string> = {};

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** `first-last` for an address range written as a range, a CIDR or one address, with or without `[External]`. */
function normalizePeer(peer: string): string {
  const bare = peer.replace(/\[External\]$/, '');
  if (!/^[\d./-]+$/.test(bare) || !/\d+\.\d+\.\d+\.\d+/.test(bare)) return peer;
  const toNumber = (ip: string) => ip.split('.').reduce((a, p) => a * 256 + Number(p), 0);
  const toIP = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
  if (bare.includes('/')) {
    const [ip, bits] = bare.split('/');
    const size = 2 ** (32 - Number(bits));
    const base = toNumber(ip) - (toNumber(ip) % size);
    return `${toIP(base)}-${toIP(base + size - 1)}`;
  }
  const [first, last = first] = bare.split('-');
  return `${toIP(toNumber(first))}-${toIP(toNumber(last))}`;
}

/** A canonical connection string: protocols in order, merged port ranges, full sets as All Connections. */
function normalizeConn(conn: string): string | undefined {
  const text = conn.trim();
  if (!text || /^no connections$/i.test(text)) return undefined;
  if (/^all connections$/i.test(text)) return 'All Connections';
  const ports = new Map<string, [number, number][]>();
  let current = '';
  for (const token of text
    .split(/[,;]/)
    .map((t) => t.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z]+)\s*(.*)$/.exec(token);
    let range = token;
    if (m && PROTOCOLS.includes(m[1].toUpperCase())) {
      current = m[1].toUpperCase();
      range = m[2].trim();
      if (!ports.has(current)) ports.set(current, []);
    }
    if (!range || /^all ports$/i.test(range)) ports.get(current)!.push([1, 65535]);
    else {
      const [lo, hi = lo] = range.split('-').map(Number);
      ports.get(current)!.push([lo, hi]);
    }
  }
  const merged = PROTOCOLS.filter((p) => ports.has(p)).map((p) => {
    const list = ports.get(p)!.sort((a, b) => a[0] - b[0]);
    const out: [number, number][] = [];
    for (const [lo, hi] of list) {
      const last = out.at(-1);
      if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
      else out.push([lo, hi]);
    }
    return { p, out };
  });
  const full = (out: [number, number][]) => out.length === 1 && out[0][0] === 1 && out[0][1] === 65535;
  if (merged.length === 3 && merged.every((m) => full(m.out))) return 'All Connections';
  return merged
    .map(({ p, out }) => `${p} ${out.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',')}`)
    .join(';');
}

/** Normalised rows; a pair listed twice or a peer paired with itself shows up as an extra row. */
function normalizeRows(rows: { src: string; dst: string; conn: string }[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const conn = normalizeConn(r.conn);
    if (!conn) continue;
    const pair = `${normalizePeer(r.src)} => ${normalizePeer(r.dst)}`;
    out.push(seen.has(pair) || r.src === r.dst ? `${pair} : ${conn} (duplicate or self pair)` : `${pair} : ${conn}`);
    seen.add(pair);
  }
  return out.sort();
}

function expectedRows(file: string): string[] {
  return normalizeRows(
    readFileSync(join(SUITE, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((line) => {
        const m = /^(.*?) => (.*?) : (.*)$/.exec(line.trim());
        assert.ok(m, `cannot read expected row: ${line}`);
        return { src: m[1], dst: m[2], conn: m[3] };
      }),
  );
}

function krouteRows(dir: string): string[] {
  const r = spawnSync(process.execPath, [CLI, 'connectivity', dir, '--format', 'json'], {
    cwd: SUITE,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.status, 0, `kroute connectivity ${dir}: exit ${r.status}\n${r.stderr}`);
  return normalizeRows(
    (JSON.parse(r.stdout) as { connections: { src: string; dst: string; conn: string }[] }).connections,
  );
}

function difference(actual: string[], expected: string[]): { missing: string[]; extra: string[] } {
  const a = new Set(actual);
  const e = new Set(expected);
  return { missing: expected.filter((r) => !a.has(r)), extra: actual.filter((r) => !e.has(r)) };
}

before(() => {
  if (!present) return;
  if (!existsSync(CLI) || !readFileSync(CLI, 'utf8').includes('connectivity')) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
  }
});

describe(
  'conformance: netpol-analyzer connectivity lists',
  { skip: !present && `no ${SUITE} (netpol-analyzer fixtures not checked out beside the repo)` },
  () => {
    const fixtures: Fixture[] = present ? JSON.parse(readFileSync(join(SUITE, 'index.json'), 'utf8')) : [];
    const identical: string[] = [];

    for (const f of fixtures) {
      it(`${f.test}: ${DIFFERENCES[f.test] ? 'documented difference' : 'identical rows'}`, () => {
        const { missing, extra } = difference(krouteRows(f.dir), expectedRows(f.expected));
        const same = !missing.length && !extra.length;
        if (same) identical.push(f.test);
        if (DIFFERENCES[f.test]) assert.ok(!same, `${f.test} is listed in DIFFERENCES but now matches: remove it`);
        else
          assert.ok(
            same,
            `${f.test}: ${missing.length} missing, ${extra.length} extra\nmissing:\n${missing.slice(0, 20).join('\n')}\nextra:\n${extra.slice(0, 20).join('\n')}`,
          );
      });
    }

    it('score', () => {
      console.log(`netpol-analyzer conformance: ${identical.length} / ${fixtures.length} identical`);
      assert.equal(identical.length + Object.keys(DIFFERENCES).length, fixtures.length);
    });
  },
);
