// The `kroute` executable: every command registers here, then the process runs.
import { registerCommands, run } from './main';

registerCommands();
run();
