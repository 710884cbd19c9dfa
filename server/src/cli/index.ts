// The `kroute` executable: every command registers here, then the process runs.
// First, before any other module runs: the start of the window parse workers are judged over.
import './started';
import { isParseWorker } from '../adapters/parse-pool';
import { checkCommand } from './commands/check';
import { connectivityCommand } from './commands/connectivity';
import { explainCommand } from './commands/explain';
import { iptablesCommand } from './commands/iptables';
import { traceCommand } from './commands/trace';
import { registerCommands, run } from './main';

// The same bundle runs the parse workers of loadWorkspace (adapters/parse-pool.ts), which run no command.
if (!isParseWorker) {
  registerCommands(checkCommand, explainCommand, iptablesCommand, traceCommand, connectivityCommand);
  void run();
}
