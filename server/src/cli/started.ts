// The first module the CLI bundle runs (cli/index.ts imports it first): the cores' counters when
// the process began running kroute's code. Whether a parse worker would get a core is judged over
// the bundle's loading, the start-up and the reading (~200 ms at 10k manifests), not the reading
// alone (~50 ms, five of the kernel's 10 ms ticks per core, too few to tell an idle core).
import { cpuSample } from '../adapters/cores';

export const STARTED = cpuSample();
