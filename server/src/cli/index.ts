// The `kroute` executable: every command registers here, then the process runs.
import { checkCommand } from './commands/check';
import { connectivityCommand } from './commands/connectivity';
import { explainCommand } from './commands/explain';
import { iptablesCommand } from './commands/iptables';
import { traceCommand } from './commands/trace';
import { registerCommands, run } from './main';

registerCommands(checkCommand, explainCommand, iptablesCommand, traceCommand, connectivityCommand);
void run();
