// Types for editor.mjs, which stays plain JavaScript so `npm start` runs without a TS loader.
import type { ChildProcess } from 'node:child_process';

/** What scripts/e2e/provision.sh wrote to env.json. */
export interface EditorEnv {
  node: string;
  codeServer: string;
  chromium: string;
  nodeVersion: string;
  codeServerVersion: string;
}

export const repoRoot: string;
export function provision(): EditorEnv;
export function packageVsix(opts?: { log?: (line: string) => void }): string;
export function installExtension(
  env: EditorEnv,
  vsix: string,
  dirs: { extensionsDir: string; userDataDir: string },
): void;
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void;
export function freePort(): Promise<number>;
export function startCodeServer(
  env: EditorEnv,
  opts: {
    port: number;
    userDataDir: string;
    extensionsDir: string;
    folder: string;
    onOutput?: (text: string) => void;
    timeoutMs?: number;
  },
): Promise<{ child: ChildProcess; url: string }>;
export function stopProcessGroup(child: ChildProcess, graceMs?: number): Promise<void>;
