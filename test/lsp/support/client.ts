import { spawn, type ChildProcess } from 'node:child_process';
import { after, before } from 'node:test';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = resolve(__dirname, '../../../dist/server.js');

/**
 * A real LSP client over stdio against the built server (`dist/server.js --stdio`), as any editor
 * would run it. Tests wait on what the server publishes, never on fixed delays.
 */
export class TestClient {
  readonly connection: MessageConnection;
  private readonly proc: ChildProcess;
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics received, in order (a test may clear it). */
  readonly publications: PublishDiagnosticsParams[] = [];
  private readonly waiters: (() => void)[] = [];
  readonly logs: string[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  private versions = new Map<string, number>();
  stderr = '';

  constructor(readonly settings: Record<string, unknown> = {}) {
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.publications.push(p);
      this.wake();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.wake();
    });
    this.connection.onNotification((method, params) => {
      this.notifications.push({ method, params });
      this.wake();
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) =>
        i.section === 'kroute' ? this.settings : i.section === 'files.exclude' ? { '**/ignored/**': true } : null,
      ),
    );
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** `workDoneProgress: false`: a client that does not show the server's progress. */
  async initialize(folder?: string, { workDoneProgress = true } = {}): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: folder ? pathToFileURL(folder).href : null,
      workspaceFolders: folder ? [{ uri: pathToFileURL(folder).href, name: 'fixture' }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        window: { workDoneProgress },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves once `predicate` holds, re-checked on every message from the server. */
  async until<T>(what: string, predicate: () => T | undefined | false, timeoutMs = 10000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = predicate();
      if (v) return v;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; server stderr: ${this.stderr.slice(-2000)}`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }

  diagnosticsFor(uri: string): Diagnostic[] | undefined {
    return this.diagnostics.get(uri);
  }

  /** Every URI the server has published diagnostics for (possibly an empty list since). */
  publishedUris(): IterableIterator<string> {
    return this.diagnostics.keys();
  }

  waitForDiagnostics(
    uri: string,
    predicate: (d: Diagnostic[]) => boolean,
    what = `diagnostics for ${uri}`,
  ): Promise<Diagnostic[]> {
    return this.until(what, () => {
      const d = this.diagnostics.get(uri);
      return d && predicate(d) ? d : undefined;
    });
  }

  /** Waits until the initial workspace scan has been logged. */
  waitForIndex(): Promise<string> {
    return this.until('the workspace index', () => this.logs.find((l) => l.includes('indexed ')));
  }

  open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    return this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
  }

  /** Replaces the whole text (a full-document change event). */
  change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  /** A request without params, as an older extension sent kroute/traceTargets (the server's handler gets only a token). */
  requestWithoutParams<R>(method: string): Promise<R> {
    return this.connection.sendRequest<R>(method);
  }

  async dispose(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone (crash tests); killing it below is enough.
    }
    this.connection.dispose();
    this.proc.kill();
  }

  get process(): ChildProcess {
    return this.proc;
  }
}

/** Copies a fixture folder to a fresh temp dir so tests can edit files on disk. */
export function workspaceCopy(fixture: string): { dir: string; uri: (rel: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kroute-lsp-'));
  cpSync(fixture, dir, { recursive: true });
  return {
    dir,
    uri: (rel) => pathToFileURL(join(dir, rel)).href,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * For a describe block: a fresh server over a copy of `fixture`, initialized and done indexing
 * before the first test, shut down and the copy removed after the last.
 */
export function indexedClient(fixture: string): { ws: ReturnType<typeof workspaceCopy>; client: TestClient } {
  const ws = workspaceCopy(fixture);
  const client = new TestClient();
  before(async () => {
    await client.initialize(ws.dir);
    await client.waitForIndex();
  });
  after(async () => {
    await client.dispose();
    ws.cleanup();
  });
  return { ws, client };
}

export const FIXTURES = resolve(__dirname, '../../fixtures/lsp');

/** The state letter of a Linux process (`R` running, `S` sleeping, `T` stopped, …). */
const processState = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];

/**
 * Resolves once the kernel has stopped the process (SIGSTOP is delivered asynchronously): what a
 * test writes to it meanwhile waits in its input, as behind a long computation.
 */
export async function stopped(pid: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (processState(pid) !== 'T') {
    if (Date.now() > deadline) throw new Error(`process ${pid} did not stop: state ${processState(pid)}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** A diagnostic's message as text (LSP 3.18 allows MarkupContent there). */
export function messageText(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
