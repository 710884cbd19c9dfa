// The language server process. vscode-languageserver picks the transport from the command line:
// `--node-ipc` under VS Code, `--stdio` for any other LSP client.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { features } from './features';
import { KrouteServer } from './server';

const connection = createConnection(ProposedFeatures.all);
new KrouteServer(connection, features).start();
