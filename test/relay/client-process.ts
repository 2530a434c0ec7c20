/** Test support: a stream client in its own process (fixtures/stream-client-process.mjs). */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ServerFrame } from '../../relay/src/protocol.ts';
import { waitFor } from './stream-client.ts';

const SCRIPT = path.join(import.meta.dirname, 'fixtures/stream-client-process.mjs');

export interface ClientProcess {
  child: ChildProcess;
  frames(): ServerFrame[];
  exited: Promise<void>;
  waitForCaughtUp(): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

export function spawnStreamClient(streamUrl: string, token: string): ClientProcess {
  const child = spawn(process.execPath, [SCRIPT, streamUrl, token], {
    cwd: path.dirname(SCRIPT),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const frames = () =>
    out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as ServerFrame);
  return {
    child,
    frames,
    exited,
    waitForCaughtUp: async () => {
      await waitFor(() => frames().some((f) => f.type === 'caught-up'), 'client process caught up');
    },
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}
