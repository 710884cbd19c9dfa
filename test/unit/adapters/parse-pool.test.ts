import { strict as assert } from 'node:assert';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { idleCoresSince } from '../../../server/src/adapters/cores';
import { parseFiles, parseWorkersFor } from '../../../server/src/adapters/parse-pool';
import { defaultParseOptions, parseManifestFile, type ParseOptions } from '../../../server/src/engine/manifest/parse';
import { Workspace } from '../../../server/src/engine/workspace';
import { FIXTURES, fixtureText } from '../manifest/helpers';

function fixtureNames(dir = FIXTURES): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? fixtureNames(path) : [relative(FIXTURES, path)];
  });
}

/** Every fixture (a Helm chart among them) several times over, under distinct folders: many batches. */
function workspaceFiles(copies: number) {
  const names = fixtureNames();
  return Array.from({ length: copies }, (_, k) =>
    names.map((name) => ({ uri: `file:///w/copy-${k}/${name}`, text: fixtureText(name) })),
  ).flat();
}

test('files parsed in worker threads equal the calling thread’s parse, in the order given, Helm chart options included', () => {
  const files = workspaceFiles(12);
  const ws = new Workspace();
  const optionsFor = ws.parseOptionsAhead(files.map((f) => f.uri));
  const templates = files.filter((f) => optionsFor(f.uri).chart !== undefined);
  assert.ok(templates.length > 0, 'the chart’s templates get its options');
  const expected = files.map((f) => parseManifestFile(f.uri, f.text, optionsFor(f.uri)));
  // The workers run this TypeScript through tsx's loader, as the test itself does.
  const execArgv = ['--require', 'tsx/cjs'];
  assert.deepEqual(parseFiles(files, optionsFor, { workers: 0 }), expected, 'the calling thread alone');
  for (const workers of [1, 2]) {
    // Every file parsed by a worker and cloned: what a fast calling thread may leave them none of.
    assert.deepEqual(
      parseFiles(files, optionsFor, { workers, execArgv, waitForWorkers: true }),
      expected,
      `${workers} workers`,
    );
    assert.deepEqual(
      parseFiles(files, optionsFor, { workers, execArgv }),
      expected,
      `${workers} workers and the calling thread`,
    );
  }
});

test('a workspace given parses made ahead reports what it reports parsing the files itself', () => {
  const files = workspaceFiles(3);
  const itself = new Workspace();
  for (const f of files) itself.setFile(f.uri, f.text);
  const ahead = new Workspace();
  const parsed = parseFiles(files, ahead.parseOptionsAhead(files.map((f) => f.uri)), {
    workers: 1,
    execArgv: ['--require', 'tsx/cjs'],
    waitForWorkers: true,
  });
  files.forEach((f, i) => ahead.setFile(f.uri, f.text, parsed[i]));
  assert.deepEqual([...ahead.diagnostics()], [...itself.diagnostics()]);
  assert.ok([...itself.diagnostics().values()].some((list) => list.length > 0));
});

test('workers only for cores left idle beside the calling thread, and only for many files', () => {
  assert.equal(parseWorkersFor(10_000, 0.8), 1);
  assert.equal(parseWorkersFor(10_000, 0.4), 0, 'less than half a core idle');
  assert.equal(parseWorkersFor(10_000, -5), 0, 'a busy machine');
  assert.equal(parseWorkersFor(10_000, 14), 3, 'at most three');
  assert.equal(parseWorkersFor(500, 14), 2, 'two hundred files each');
  assert.equal(parseWorkersFor(10, 14), 0);
  // Idle cores from the cores' counters: of 4 cores over 1 s, 1.5 s idle and the calling thread's
  // 1 s is 1.5 cores beside it.
  assert.equal(idleCoresSince({ idle: 0, total: 0, own: 0 }, { idle: 1500, total: 4000, own: 1000 }, 4), 1.5);
  // This process's other threads (V8's compiler and collector) are not a neighbour's load: the same
  // second with 0.5 s more of this process's time and 0.5 s less idle is still 1.5 cores.
  assert.equal(idleCoresSince({ idle: 0, total: 0, own: 0 }, { idle: 1000, total: 4000, own: 1500 }, 4), 1.5);
  // Another process's 2 s of that second leaves 4 − 1 − 2 = 1 core.
  assert.equal(idleCoresSince({ idle: 0, total: 0, own: 0 }, { idle: 1000, total: 4000, own: 1000 }, 4), 1);
  // Ticks counted apart can put this process above the cores' busy time: never more than every other core.
  assert.equal(idleCoresSince({ idle: 0, total: 0, own: 0 }, { idle: 3500, total: 4000, own: 1000 }, 4), 3);
  const options: ParseOptions = defaultParseOptions;
  assert.deepEqual(
    parseFiles([], () => options),
    [],
  );
});
