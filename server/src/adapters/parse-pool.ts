// Parses many files at once on the machine's idle cores: the calling thread and worker threads take
// batches of files from one shared counter, so each thread parses as much as the cores it gets allow.
// A batch a worker took but has not finished when the calling thread runs out of batches is parsed
// again by the calling thread rather than waited for: a worker that gets no core (a busy machine)
// costs its start-up, never a wait. Each parse is exactly parseManifestFile's (a worker's crosses as
// a structured clone, `manifest/transfer.ts`), in the order of the files given.
import {
  isMainThread,
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  workerData,
  type MessagePort,
} from 'node:worker_threads';
import { parseManifestFile, type ParsedFile, type ParseOptions } from '../engine/manifest/parse';
import { packParsedFile, unpackParsedFile, type PackedFile } from '../engine/manifest/transfer';
import { idleCoresNow } from './cores';

export interface SourceFile {
  uri: string;
  text: string;
}

/**
 * Files per worker thread below which a worker's start-up (its own V8 heap, loading the bundle:
 * ~50 ms of CPU) is not won back; at ~1.5 ms per manifest file, 200 files are ~300 ms of parsing.
 */
const FILES_PER_WORKER = 200;
/** More workers than this add start-up and copies of the texts for little: parsing is ~half of a cold check. */
const MAX_WORKERS = 3;
/** Files per batch: small enough that the threads finish together, large enough that a message carries real work. */
const BATCH = 8;

/**
 * How many worker threads parsing `files` files is worth: one per core left idle beside the calling
 * thread (`idleCores`: a worker on a busy core only slows its neighbours and the caller, who redoes
 * its batches), none for few files.
 */
export function parseWorkersFor(files: number, idleCores = idleCoresNow()): number {
  return Math.max(0, Math.min(Math.round(idleCores), Math.floor(files / FILES_PER_WORKER), MAX_WORKERS));
}

interface WorkerInput {
  krouteParseWorker: true;
  files: SourceFile[];
  options: ParseOptions[];
  /** Int32Array [next batch to take]. */
  next: SharedArrayBuffer;
  /** Int32Array, per batch: TAKEN by a worker, then POSTED once its parse is on the port. */
  state: SharedArrayBuffer;
  port: MessagePort;
}

interface BatchMessage {
  batch: number;
  files: PackedFile[];
}

const TAKEN = 1;
const POSTED = 2;

export interface PoolOptions {
  /** Worker threads beside the calling thread (default: what `parseWorkersFor` finds worth it). */
  workers?: number;
  /** Node options of the workers (default: the process's; tests running TypeScript pass its loader). */
  execArgv?: string[];
  /** Tests: the calling thread parses nothing and waits for every batch from the workers. */
  waitForWorkers?: boolean;
}

/** Each file's parse with the options `optionsFor` gives it, in the order given. */
export function parseFiles(
  files: readonly SourceFile[],
  optionsFor: (uri: string) => ParseOptions,
  { workers = parseWorkersFor(files.length), execArgv, waitForWorkers = false }: PoolOptions = {},
): ParsedFile[] {
  const options = files.map((f) => optionsFor(f.uri));
  const out = new Array<ParsedFile | undefined>(files.length);
  const parseBatch = (batch: number) => {
    for (let i = batch * BATCH; i < Math.min(files.length, (batch + 1) * BATCH); i++)
      out[i] = parseManifestFile(files[i].uri, files[i].text, options[i]);
  };
  const batches = Math.ceil(files.length / BATCH);
  if (workers <= 0) {
    for (let b = 0; b < batches; b++) parseBatch(b);
    return out as ParsedFile[];
  }

  const next = new Int32Array(new SharedArrayBuffer(4));
  const state = new Int32Array(new SharedArrayBuffer(4 * batches));
  const threads = Array.from({ length: workers }, () => {
    const { port1, port2 } = new MessageChannel();
    const input: WorkerInput = {
      krouteParseWorker: true,
      files: files as SourceFile[],
      options,
      next: next.buffer,
      state: state.buffer,
      port: port2,
    };
    const worker = new Worker(__filename, {
      workerData: input,
      transferList: [port2],
      ...(execArgv ? { execArgv } : {}),
    });
    // A worker still parsing a batch the calling thread redid must not keep the process alive, and
    // one that fails (cannot start, runs out of memory) leaves its batches TAKEN: parsed here.
    worker.unref();
    worker.on('error', () => undefined);
    return { worker, port: port1 };
  });
  if (!waitForWorkers) for (let b = Atomics.add(next, 0, 1); b < batches; b = Atomics.add(next, 0, 1)) parseBatch(b);
  // Whatever the workers posted is already on their ports; what they are still parsing is parsed here.
  for (let b = 0; b < batches; b++) {
    if (out[b * BATCH] !== undefined) continue;
    if (waitForWorkers)
      for (let s = Atomics.load(state, b); s !== POSTED; s = Atomics.load(state, b))
        if (Atomics.wait(state, b, s, 60_000) === 'timed-out') throw new Error(`parse worker: batch ${b} never came`);
    if (Atomics.load(state, b) !== POSTED) {
      parseBatch(b);
      continue;
    }
    for (const { port } of threads) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const { batch, files: packed } = m.message as BatchMessage;
        if (out[batch * BATCH] !== undefined) continue;
        packed.forEach((p, k) => (out[batch * BATCH + k] = unpackParsedFile(p, files[batch * BATCH + k].text)));
      }
    }
  }
  for (const { worker, port } of threads) {
    port.close();
    void worker.terminate();
  }
  return out as ParsedFile[];
}

/** A worker's side: take batches until none is left, post each one's parses. */
function serve({ files, options, next: nextBuffer, state: stateBuffer, port }: WorkerInput): void {
  const next = new Int32Array(nextBuffer);
  const state = new Int32Array(stateBuffer);
  const batches = state.length;
  for (let b = Atomics.add(next, 0, 1); b < batches; b = Atomics.add(next, 0, 1)) {
    Atomics.store(state, b, TAKEN);
    const packed: PackedFile[] = [];
    for (let i = b * BATCH; i < Math.min(files.length, (b + 1) * BATCH); i++)
      packed.push(packParsedFile(parseManifestFile(files[i].uri, files[i].text, options[i])));
    port.postMessage({ batch: b, files: packed } satisfies BatchMessage);
    Atomics.store(state, b, POSTED);
    Atomics.notify(state, b);
  }
  port.close();
}

/** True in a worker thread this module started: the bundle it loaded runs no command. */
export const isParseWorker = !isMainThread && (workerData as Partial<WorkerInput> | null)?.krouteParseWorker === true;
if (isParseWorker) serve(workerData as WorkerInput);
