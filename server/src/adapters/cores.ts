// How many cores a helper thread or process would get now: the machine's counters, read by the
// adapters that parse on idle cores (`parse-pool.ts`) and by the CLI from its first moment
// (`cli/started.ts`). No Kubernetes here, and nothing heavy to load.
import { availableParallelism, cpus, loadavg } from 'node:os';

/** The cores' time counters (os.cpus(), summed) and this process's own CPU time: `idleCoresSince` compares two. */
export interface CpuSample {
  idle: number;
  total: number;
  /** This process's CPU time, every thread (`process.cpuUsage`), in milliseconds. */
  own: number;
}

export function cpuSample(): CpuSample {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  const { user, system } = process.cpuUsage();
  return { idle, total, own: (user + system) / 1000 };
}

/** Shorter windows (in core-milliseconds; the kernel counts 10 ms ticks) say too little: the load average instead. */
const MIN_SAMPLE_MS = 100;

/**
 * How many cores beside the calling thread other processes left idle since `start`: what a worker
 * would get now. This process's own time does not count against them: a window that starts with the
 * process has V8's compiler and collector threads busy for a moment, and they made an idle 2-core
 * machine look half busy (0.4–0.6 idle cores measured while reading 10k manifests, so some runs got
 * no worker). The one-minute load average lags by a minute and counts the caller's own work before
 * it (a benchmark's, a build's); a window too short to say falls back on it.
 */
export function idleCoresSince(start: CpuSample, now = cpuSample(), cores = availableParallelism()): number {
  const total = now.total - start.total;
  if (total < MIN_SAMPLE_MS) return idleCoresNow(cores);
  const others = Math.max(0, total - (now.idle - start.idle) - (now.own - start.own));
  return cores - 1 - (others / total) * cores;
}

/** Cores the last minute's load average leaves idle beside the calling thread. */
export function idleCoresNow(cores = availableParallelism()): number {
  return cores - (loadavg()[0] ?? 0) - 1;
}
