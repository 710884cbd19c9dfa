import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  DidChangeConfigurationNotification,
  type ConfigurationMiddleware,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  AppsOfRequest,
  StatusNotification,
  TrustedNotification,
  type AppsOfResult,
  type KrouteInitializationOptions,
  type StatusParams,
} from '../../server/src/lsp/protocol';
import { registerCommands } from './commands';
import { registerConnectivity } from './connectivity';
import { registerIptables } from './iptables';
import { kubernetesSchemaActive } from './schema-overlap';
import serverNodeFlags from './server-node-flags.json';
import { createStatusItem } from './status';
import { registerTrace } from './trace';

let client: LanguageClient | undefined;

const MAX_RESTARTS = 4;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('kroute', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    // V8 flags for the server process (server-node-flags.json, which the benchmark starts it with
    // too), for what V8 keeps committed after the scan's garbage (README, issue 21 target 5): 4 MB
    // semi-spaces instead of 16 (the scan grew the young generation to 28 MB, kept committed).
    // Smaller ones, or a slower-growing old generation, saved 2-3 MB more and cost keystrokes
    // 20 ms pauses (README, "Issue 21 on a quiet machine").
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: serverNodeFlags } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...serverNodeFlags, '--nolazy', '--inspect=6019'] },
    },
  };
  const crashes = restartingErrorHandler();
  const clientOptions: LanguageClientOptions = {
    // JSON too: kubectl applies Kubernetes objects written as JSON; the server ignores any other JSON.
    documentSelector: [{ language: 'yaml' }, { language: 'json' }],
    outputChannel: output,
    traceOutputChannel: output,
    // The server pulls its settings (workspace/configuration); this is what tells it they changed.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    synchronize: { configurationSection: ['kroute', 'files.exclude'] },
    errorHandler: crashes,
    // In Restricted Mode the server runs no program (kustomize); it is told when trust is granted.
    initializationOptions: { trusted: vscode.workspace.isTrusted } satisfies KrouteInitializationOptions,
  };
  client = new LanguageClient('kroute', 'kroute', serverOptions, withSchemaOverlap(clientOptions));
  context.subscriptions.push(
    onSchemaOverlapChange(
      () => void client?.sendNotification(DidChangeConfigurationNotification.type, { settings: null }),
    ),
  );
  const status = createStatusItem((uri) =>
    client?.isRunning() ? client.sendRequest<AppsOfResult>(AppsOfRequest, { uri }) : Promise.resolve(undefined),
  );
  context.subscriptions.push(status.item, output);
  context.subscriptions.push(client.onNotification(StatusNotification, (p: StatusParams) => status.update(p)));
  context.subscriptions.push(client.onDidChangeState((e) => e.newState === State.Stopped && status.stopped()));
  registerCommands(context, () => client, output, crashes.reset);
  registerTrace(context, () => client, output);
  registerIptables(context, () => client);
  registerConnectivity(context, () => client, output);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(TrustedNotification)),
  );
  await client.start();
}

/** The `kroute` settings the server reads, with whether a Kubernetes schema validator covers types and enums. */
function withSchemaOverlap(options: LanguageClientOptions): LanguageClientOptions {
  const configuration: ConfigurationMiddleware['configuration'] = async (params, token, next) => {
    const answers = await next(params, token);
    if (!Array.isArray(answers)) return answers;
    return answers.map((answer: unknown, i) =>
      params.items[i]?.section === 'kroute' && typeof answer === 'object' && answer !== null
        ? { ...answer, kubernetesSchemaActive: schemaActive() }
        : answer,
    );
  };
  return { ...options, middleware: { workspace: { configuration } } };
}

function schemaActive(): boolean {
  return kubernetesSchemaActive(
    vscode.workspace.getConfiguration('kroute').get('deferToYamlSchema', 'auto'),
    (id) => vscode.extensions.getExtension(id) !== undefined,
    vscode.workspace.getConfiguration('yaml').get('schemas'),
  );
}

/** Extensions installed or removed, or the YAML extension's schemas changed: the server asks again. */
function onSchemaOverlapChange(changed: () => void): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.extensions.onDidChange(changed),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('yaml.schemas') && changed()),
  );
}

/**
 * Restarts a crashed server up to MAX_RESTARTS times and tells the user once, instead of the
 * default handler's repeated prompts. `reset` gives a server the user restarted by hand a fresh
 * budget.
 */
function restartingErrorHandler(): ErrorHandler & { reset: () => void } {
  let restarts = 0;
  let told = false;
  return {
    // A write to a server that just died fails ("Channel closed"); closed() tells the user, this
    // only logs (handled: the client would otherwise show each error as a notification).
    error: () => ({ action: ErrorAction.Continue, handled: true }),
    closed: () => {
      restarts++;
      if (restarts <= MAX_RESTARTS) {
        if (!told) {
          told = true;
          void vscode.window.showWarningMessage(
            'kroute: the language server stopped unexpectedly and was restarted. Details are in the kroute output.',
          );
        }
        return { action: CloseAction.Restart, handled: true };
      }
      return {
        action: CloseAction.DoNotRestart,
        message: `kroute: the language server stopped ${restarts} times and will not be restarted. Run "kroute: Restart Server" to try again.`,
      };
    },
    reset: () => {
      restarts = 0;
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
