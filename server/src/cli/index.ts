// The `kroute` executable: every command registers here, then the process runs.
import { explainCommand } from './commands/explain';
import { registerCommands, run } from './main';

registerCommands(explainCommand);
run();
