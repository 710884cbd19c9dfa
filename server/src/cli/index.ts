// The `kroute` executable: every command registers here, then the process runs.
import { checkCommand } from './commands/check';
import { explainCommand } from './commands/explain';
import { registerCommands, run } from './main';

registerCommands(checkCommand, explainCommand);
run();
