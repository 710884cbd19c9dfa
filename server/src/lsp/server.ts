import { promises as fs, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeLensRefreshRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CONFIG_FILE_NAME,
  ConfigFileError,
  parseConfigFile,
  validSeverities,
  type ConfigFile,
} from '../engine/config-file';
import { MANIFEST_FILE, mayHoldManifests } from '../engine/manifest/parse';
import { ConfigError } from '../engine/model/config';
import type { Diagnostic } from '../engine/types';
import { Workspace, type WorkspaceOptions } from '../engine/workspace';
import type { RuleSeverities } from '../engine/rules';
import type { Feature, ServerContext } from './context';
import { toLspDiagnostic } from './convert';
import { KustomizeRenders } from './kustomize';
import {
  RescanRequest,
  StatusNotification,
  TrustedNotification,
  type KrouteInitializationOptions,
  type KrouteSettings,
  type StatusParams,
} from './protocol';
import { scanFolder } from './scan';

/** The status item (counts over the whole workspace) follows edits at most this often. */
const STATUS_DELAY_MS = 250;
/**
 * What a Kubernetes JSON schema (the Red Hat YAML extension's) already reports: a value of the
 * wrong type, a property the type does not have. kroute's API-server wording of it would be the
 * same error twice.
 */
const SCHEMA_DUPLICATES: RuleSeverities = { 'field-type': 'off', 'unknown-field': 'off' };
/** The scan's progress percentage once every file is read and parsed; checking the model is the rest. */
const READING_SHARE = 90;
/** How long the scan reads and parses before letting the editor's messages in (a keystroke waits at most this). */
const SCAN_SLICE_MS = 20;

/**
 * The LSP adapter: keeps the engine's Workspace in step with open documents and files on disk,
 * publishes its diagnostics, and hosts the feature modules. No Kubernetes logic lives here.
 */
export class KrouteServer implements ServerContext {
  readonly workspace = new Workspace();
  readonly documents = new TextDocuments(TextDocument);
  private folders: string[] = [];
  private current: KrouteSettings = {};
  /** The folders' `.kroute.yaml`, merged in folder order; `kroute.*` settings override it. */
  private configFile: ConfigFile = { rules: {}, settings: {}, apps: [] };
  private filesExclude: string[] = [];
  private canConfigure = false;
  private canWatch = false;
  private canProgress = false;
  private canRefreshLenses = false;
  private canRefreshHints = false;
  private publishTick: NodeJS.Immediate | undefined;
  /** Changes handed to the engine so far: a publish waits until a tick passes without one. */
  private changes = 0;
  private statusTimer: NodeJS.Timeout | undefined;
  private readonly published = new Map<string, string>();
  /** The engine's diagnostics array each file was last published from. */
  private readonly publishedLists = new Map<string, Diagnostic[]>();
  private trusted = true;
  private readonly kustomize = new KustomizeRenders(
    this.workspace,
    () => ({
      enabled: this.current.kustomize?.enabled !== false,
      trusted: this.trusted,
      ...(this.current.kustomize?.command ? { command: this.current.kustomize.command } : {}),
    }),
    () => this.schedulePublish(),
    (m) => this.log(m),
  );
  private scanGeneration = 0;
  private indexing = false;
  /** Settles when the scan in progress has read every file (pending from the start until the first one has). */
  private scanned: Promise<void>;
  private finishScan?: () => void;

  constructor(
    readonly connection: Connection,
    private readonly featureList: Feature[],
  ) {
    this.scanned = new Promise((resolve) => (this.finishScan = resolve));
  }

  indexed(): Promise<void> {
    return this.scanned;
  }

  log(message: string): void {
    this.connection.console.log(`[${new Date().toISOString().slice(11, 23)}] ${message}`);
  }

  settings(): KrouteSettings {
    return this.current;
  }

  guard<P, R>(
    name: string,
    empty: R,
    handler: (params: P, token: CancellationToken) => R,
  ): (params: P, token: CancellationToken) => R {
    return (params, token) => {
      if (token.isCancellationRequested) return empty;
      try {
        return handler(params, token);
      } catch (e) {
        this.log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return empty;
      }
    };
  }

  start(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => void this.initialized());
    c.onDidChangeConfiguration(() => void this.onConfigurationChanged());
    c.onDidChangeWatchedFiles((p) => void this.onWatchedFiles(p.changes));
    c.onRequest(RescanRequest, () => this.rescan());
    c.onNotification(TrustedNotification, () => {
      this.trusted = true;
      void this.kustomize.all();
    });
    this.documents.onDidOpen((e) => this.onDocument(e.document));
    this.documents.onDidChangeContent((e) => this.onDocument(e.document));
    this.documents.onDidClose((e) => this.onClose(e.document.uri));
    for (const f of this.featureList) f.register(this);
    this.documents.listen(c);
    c.listen();
  }

  private async onConfigurationChanged(): Promise<void> {
    if (await this.loadSettings()) await this.rescan();
    else {
      this.schedulePublish();
      this.refreshViews();
    }
  }

  /** Lenses and hints show model values (and hints can be switched off): asks the editor to request them again. */
  private refreshViews(): void {
    if (this.canRefreshLenses) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    if (this.canRefreshHints) void this.connection.languages.inlayHint.refresh().catch(() => undefined);
  }

  private initialize(p: InitializeParams): InitializeResult {
    const caps = p.capabilities;
    this.canConfigure = !!caps.workspace?.configuration;
    this.canWatch = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    this.canProgress = !!caps.window?.workDoneProgress;
    this.canRefreshLenses = !!caps.workspace?.codeLens?.refreshSupport;
    this.canRefreshHints = !!caps.workspace?.inlayHint?.refreshSupport;
    // Clients that send no workspace folders still name their root.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const folders = p.workspaceFolders?.map((f) => f.uri) ?? (p.rootUri ? [p.rootUri] : []);
    this.folders = folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    this.trusted = (p.initializationOptions as KrouteInitializationOptions | undefined)?.trusted !== false;
    // App names are paths relative to the (first) workspace folder.
    if (this.folders[0]) this.workspace.configure({ root: pathToFileURL(this.folders[0]).href });
    const capabilities: ServerCapabilities = { textDocumentSync: TextDocumentSyncKind.Incremental };
    for (const f of this.featureList) Object.assign(capabilities, f.capabilities);
    return { capabilities, serverInfo: { name: 'kroute', version: VERSION } };
  }

  private async initialized(): Promise<void> {
    try {
      if (this.canWatch) {
        await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: '**/*.{yaml,yml,json}' },
            { globPattern: '**/' },
            { globPattern: `**/${CONFIG_FILE_NAME}` },
          ],
        });
      }
      await this.loadConfigFile();
      await this.loadSettings();
    } catch (e) {
      // The workspace is still worth indexing with the defaults; requests waiting on it must be answered.
      this.log(`setting up failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    await this.rescan();
  }

  /** Reads `.kroute.yaml` from every workspace folder; a broken one is reported and ignored. */
  private async loadConfigFile(): Promise<void> {
    const merged: ConfigFile = { rules: {}, settings: {}, apps: [] };
    for (const folder of this.folders) {
      const path = `${folder.replace(/\/$/, '')}/${CONFIG_FILE_NAME}`;
      const text = await fs.readFile(path, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      try {
        const file = parseConfigFile(text);
        Object.assign(merged.rules, file.rules);
        Object.assign(merged.settings, file.settings);
        merged.apps.push(...file.apps);
      } catch (e) {
        if (!(e instanceof ConfigFileError)) throw e;
        this.connection.window.showWarningMessage(`kroute: ${path}: ${e.message}`);
        this.log(`invalid ${path}: ${e.message}`);
      }
    }
    this.configFile = merged;
  }

  /** Reads `kroute.*` and `files.exclude`; returns true when the set of files to scan may have changed. */
  private async loadSettings(): Promise<boolean> {
    if (!this.canConfigure) return false;
    const [kroute, filesExclude] = (await this.connection.workspace.getConfiguration([
      { section: 'kroute' },
      { section: 'files.exclude' },
      // A `files.exclude` value is `true`, `false`, or a `{ when }` sibling condition kroute does not evaluate.
    ])) as [KrouteSettings | null, Record<string, boolean | { when: string }> | null];
    const before = JSON.stringify([this.current.exclude, this.current.maxFileSize, this.filesExclude]);
    this.current = kroute ?? {};
    this.filesExclude = Object.entries(filesExclude ?? {})
      .filter(([, on]) => on === true)
      .map(([g]) => g);
    this.applySettings();
    return before !== JSON.stringify([this.current.exclude, this.current.maxFileSize, this.filesExclude]);
  }

  private applySettings(): void {
    const s = this.current;
    const rules = validSeverities(s.rules ?? {});
    for (const e of rules.errors) {
      this.connection.window.showWarningMessage(`kroute: invalid setting kroute.rules: ${e}`);
      this.log(`invalid setting kroute.rules: ${e}`);
    }
    const options: WorkspaceOptions = {
      settings: {
        ...this.configFile.settings,
        // Settings the client leaves unset keep the config file's value.
        ...Object.fromEntries(
          Object.entries({
            nodes: s.nodes,
            podCIDR: s.podCIDR,
            serviceCIDR: s.serviceCIDR,
            clusterDomain: s.clusterDomain,
            nodePortRange: s.nodePortRange,
            loadBalancerPool: s.loadBalancerPool,
            defaultNamespace: s.defaultNamespace,
            maxEndpointsPerSlice: s.maxEndpointsPerSlice,
            dataPlaneUpstream: s.dataPlaneUpstream,
          }).filter(([, v]) => v !== undefined),
        ),
      },
      parse: s.maxFileSize ? { maxFileSize: s.maxFileSize } : {},
      // A schema validator in the editor reports type errors already; an explicit severity still wins.
      severities: {
        ...(s.kubernetesSchemaActive ? SCHEMA_DUPLICATES : {}),
        ...this.configFile.rules,
        ...rules.severities,
      },
      apps: this.configFile.apps,
    };
    try {
      this.workspace.configure(options);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      // Keep the last good configuration and tell the user which setting is wrong.
      this.connection.window.showWarningMessage(`kroute: invalid setting kroute.${e.message}`);
      this.log(`invalid setting: ${e.message}`);
    }
  }

  /** Indexes every YAML file of every workspace folder, reporting progress, then publishes. */
  async rescan(): Promise<number> {
    const generation = ++this.scanGeneration;
    const cancelled = () => generation !== this.scanGeneration;
    this.indexing = true;
    if (!this.finishScan) this.scanned = new Promise((resolve) => (this.finishScan = resolve));
    this.sendStatus();
    try {
      return await this.scan(cancelled);
    } finally {
      // Whatever happened, waiting requests are answered once no newer scan is under way.
      if (!cancelled()) {
        this.finishScan?.();
        this.finishScan = undefined;
      }
    }
  }

  private async scan(cancelled: () => boolean): Promise<number> {
    const progress = this.canProgress ? await this.connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('kroute: indexing manifests', 0, undefined, false);
    const started = Date.now();
    const exclude = [...this.filesExclude, ...(this.current.exclude ?? [])];
    const seen = new Set<string>();
    const paths: string[] = [];
    // Not push(...list): a spread of a huge folder's paths would exceed the engine's argument limit.
    for (const folder of this.folders)
      for (const path of await scanFolder(folder, { exclude, cancelled })) paths.push(path);
    let count = 0;
    let shown = 0;
    let slice = performance.now();
    for (const path of paths) {
      if (cancelled()) break;
      const uri = pathToFileURL(path).href;
      seen.add(uri);
      if (!this.documents.get(uri)) this.readFromDisk(uri);
      // Whole percents only: at most a hundred notifications, however many files.
      const percentage = Math.floor((++count / paths.length) * READING_SHARE);
      if (percentage > shown) progress?.report((shown = percentage), `${count}/${paths.length} files`);
      // The editor's messages (and a newer scan) get their turn between slices of the scan.
      if (performance.now() - slice > SCAN_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
    }
    if (!cancelled()) {
      for (const uri of [...this.workspace.files().keys()]) {
        if (!seen.has(uri) && !this.documents.get(uri)) this.workspace.removeFile(uri);
      }
      for (const doc of this.documents.all()) this.setText(doc.uri, doc.getText());
      this.indexing = false;
      this.logIndex(Date.now() - started);
      progress?.report('checking');
    }
    this.publishNow();
    progress?.done();
    if (!cancelled()) await this.kustomize.all();
    // Lenses asked for while indexing counted only the files read so far.
    this.refreshViews();
    return count;
  }

  private logIndex(ms: number): void {
    let resources = 0;
    for (const f of this.workspace.files().values()) {
      resources += f.resources.length;
      for (const s of f.skipped)
        this.log(
          `skipped ${s.reason === 'template' ? 'templated document in' : ''} ${f.uri}: ${s.message}`.replace('  ', ' '),
        );
    }
    this.log(`indexed ${this.workspace.files().size} YAML files, ${resources} Kubernetes objects in ${ms} ms`);
  }

  /**
   * Reads a file synchronously: the scan read each file with one await, and at 10k manifests (1,001
   * files) the server's thread sat idle 15–20% of the scan waiting for the thread pool's reads of
   * files that take microseconds. The scan yields between slices of work instead.
   */
  private readFromDisk(uri: string): void {
    try {
      const text = readFileSync(fileURLToPath(uri), 'utf8');
      this.setText(uri, text);
    } catch {
      // Deleted between listing and reading, or unreadable: it is simply not part of the workspace.
      this.workspace.removeFile(uri);
    }
  }

  /** Hands a file to the engine, unless it is JSON that holds no Kubernetes object (package.json, a dashboard). */
  private setText(uri: string, text: string): void {
    if (mayHoldManifests(uri, text)) this.workspace.setFile(uri, text);
    else this.workspace.removeFile(uri);
  }

  private onDocument(doc: TextDocument): void {
    if (doc.languageId !== 'yaml' && doc.languageId !== 'json' && !MANIFEST_FILE.test(doc.uri)) return;
    this.setText(doc.uri, doc.getText());
    this.kustomize.changed(doc.uri);
    this.schedulePublish();
  }

  private onClose(uri: string): void {
    // Unsaved text is gone with the editor; what counts now is the file on disk (if it is in the workspace).
    if (uri.startsWith('file:') && this.inWorkspace(uri)) this.readFromDisk(uri);
    else this.workspace.removeFile(uri);
    this.schedulePublish();
  }

  private inWorkspace(uri: string): boolean {
    const path = fileURLToPath(uri);
    return this.folders.some((f) => path.startsWith(f.endsWith('/') ? f : f + '/'));
  }

  private async onWatchedFiles(changes: { uri: string; type: FileChangeType }[]): Promise<void> {
    if (changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE_NAME}`))) {
      await this.loadConfigFile();
      this.applySettings();
    }
    for (const change of changes) {
      if (this.documents.get(change.uri)) continue; // The editor's text wins over the disk.
      if (change.type === FileChangeType.Deleted) {
        // A deleted folder arrives as one event: drop every file under it.
        const prefix = change.uri.endsWith('/') ? change.uri : change.uri + '/';
        this.workspace.removeFile(change.uri);
        for (const uri of [...this.workspace.files().keys()])
          if (uri.startsWith(prefix)) this.workspace.removeFile(uri);
      } else if (MANIFEST_FILE.test(change.uri)) {
        this.readFromDisk(change.uri);
      }
      this.kustomize.changed(change.uri);
    }
    this.schedulePublish();
  }

  /**
   * Publishes once the changes that have arrived are all in: at once when the editor is idle, and
   * after the last of a burst when several are queued. vscode-jsonrpc hands over one message per
   * tick, scheduling the next after the handler that scheduled this check, so the check waits for a
   * tick in which no change arrived. Edits that arrive while diagnostics are computed are taken
   * together after it: never more than one computation behind the editor, and no fixed delay.
   */
  schedulePublish(): void {
    this.changes++;
    if (this.publishTick) return;
    let seen = -1;
    const check = () => {
      if (this.changes !== seen) {
        seen = this.changes;
        this.publishTick = setImmediate(check);
        return;
      }
      this.publishTick = undefined;
      this.publishNow();
    };
    this.publishTick = setImmediate(check);
  }

  /** Sends diagnostics for every file whose diagnostics changed, and clears removed files'. */
  private publishNow(): void {
    if (this.publishTick) {
      clearImmediate(this.publishTick);
      this.publishTick = undefined;
    }
    let diagnostics: Map<string, Diagnostic[]>;
    try {
      diagnostics = this.workspace.diagnostics();
    } catch (e) {
      this.log(`computing diagnostics failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return;
    }
    for (const [uri, list] of diagnostics) {
      // The engine keeps a file's array while its diagnostics stay the same: no need to compare them.
      if (this.publishedLists.get(uri) === list) continue;
      this.publishedLists.set(uri, list);
      // A file that never had diagnostics needs no empty notification (10k files would mean 10k messages).
      if (!list.length && !this.published.has(uri)) continue;
      const lsp = list.map(toLspDiagnostic);
      const signature = JSON.stringify(lsp);
      if (this.published.get(uri) === signature) continue;
      this.published.set(uri, signature);
      const version = this.documents.get(uri)?.version;
      void this.connection.sendDiagnostics({ uri, diagnostics: lsp, ...(version !== undefined ? { version } : {}) });
    }
    for (const uri of [...this.publishedLists.keys()]) if (!diagnostics.has(uri)) this.publishedLists.delete(uri);
    for (const uri of [...this.published.keys()]) {
      if (diagnostics.has(uri)) continue;
      this.published.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.scheduleStatus();
  }

  /** The status counts walk every file and app: sent a moment after a burst of edits, not per keystroke. */
  private scheduleStatus(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      this.sendStatus();
    }, STATUS_DELAY_MS);
  }

  private sendStatus(): void {
    let manifests = 0;
    let skipped = 0;
    let problems = 0;
    for (const f of this.workspace.files().values()) {
      manifests += f.resources.length;
      skipped += f.skipped.length;
    }
    let services = 0;
    let pods = 0;
    if (!this.indexing) {
      for (const list of this.workspace.diagnostics().values())
        problems += list.filter((d) => d.severity === 'error' || d.severity === 'warning').length;
      for (const app of this.workspace.apps()) {
        const cluster = this.workspace.clusterOf(app);
        services += cluster.services.filter((s) => s.resource).length;
        pods += cluster.pods.length;
      }
    }
    const params: StatusParams = {
      state: this.indexing ? 'indexing' : 'ready',
      files: this.workspace.files().size,
      manifests,
      services,
      pods,
      problems,
      skipped,
      apps: this.indexing ? 0 : this.workspace.apps().length,
    };
    void this.connection.sendNotification(StatusNotification, params);
  }
}

declare const KROUTE_VERSION: string | undefined;
const VERSION = typeof KROUTE_VERSION === 'string' ? KROUTE_VERSION : 'dev';
