// The first module the CLI bundle runs (cli/index.ts imports it first): the cores' counters when
// the process began running kroute's code. Whether a parse worker would get a core is judged over
// the bundle's loading, the start-up and the reading (110–160 core-ms at 10k manifests on 2 cores),
// not the reading alone (~100 core-ms: below it the load average decides, and ten of the kernel's
// 10 ms ticks are too few to tell an idle core).
import { cpuSample } from '../adapters/cores';

export const STARTED = cpuSample();
