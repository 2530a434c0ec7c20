/** Test support: the real relay CLI as a child process (`node --import tsx relay/src/cli.ts`). */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitFor } from './stream-client.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'relay/src/cli.ts');

export interface RelayProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Parsed JSON log lines from stderr. */
  logs(): Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the URL from the "listening" log line. */
  listening(timeoutMs?: number): Promise<string>;
  kill(signal?: NodeJS.Signals): void;
}

export function spawnRelay(
  args: string[],
  env: Record<string, string>,
  command: string[] = ['--import', 'tsx', CLI],
): RelayProcess {
  const child = spawn(process.execPath, [...command, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const logs = () =>
    err
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    logs,
    exited,
    listening: (timeoutMs = 15_000) =>
      waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`relay exited early: ${err}`);
          return logs().find((line) => line.msg === 'listening')?.url as string | undefined;
        },
        'the relay to listen',
        timeoutMs,
      ),
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Runs a CLI command to completion. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawnRelay(args, env);
  const { code } = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}
