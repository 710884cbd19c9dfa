import type { CancellationToken, Connection, ServerCapabilities } from 'vscode-languageserver';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Workspace } from '../engine/workspace';
import type { KrouteSettings } from './protocol';

/** What an LSP feature module gets: the engine's workspace and the protocol plumbing. */
export interface ServerContext {
  connection: Connection;
  workspace: Workspace;
  documents: TextDocuments<TextDocument>;
  settings(): KrouteSettings;
  log(message: string): void;
  /** Settles once the workspace scan in progress (if any) is done: answers that list the whole workspace wait for it. */
  indexed(): Promise<void>;
  /**
   * Wraps a request handler so a failure in one feature is logged and answered with `empty`
   * instead of taking the server down; cancelled requests are answered with `empty` too.
   */
  guard<P, R>(
    name: string,
    empty: R,
    handler: (params: P, token: CancellationToken) => R,
  ): (params: P, token: CancellationToken) => R;
}

/** A feature declares the capabilities it needs and registers its handlers once initialized. */
export interface Feature {
  capabilities: ServerCapabilities;
  register(ctx: ServerContext): void;
}
