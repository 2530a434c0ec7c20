/**
 * The main side of the IPC contract: one typed handler per invoke channel, registered through
 * `handle`, which checks the sender frame and the argument types before a handler runs.
 * ipcMain comes in as a dep (tests pass FakeIpcMain).
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS, type InvokeChannel, type IpcInvokeContract } from '../ipc-contract.ts';

type Args<C extends InvokeChannel> = IpcInvokeContract[C]['args'];
type Result<C extends InvokeChannel> = IpcInvokeContract[C]['result'];

export type InvokeHandlers = {
  [C in InvokeChannel]: (...args: Args<C>) => Result<C> | Promise<Result<C>>;
};

/** Runtime checks of what a (possibly compromised) renderer sends: the types say nothing at runtime. */
export type ArgValidators = { [C in InvokeChannel]: (args: unknown[]) => args is Args<C> };

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

export interface IpcDeps {
  ipcMain: IpcMainLike;
  handlers: InvokeHandlers;
  validators: ArgValidators;
  /** True for our own renderer's frame URL (see trusted-sender.ts). */
  isTrustedUrl(url: string): boolean;
}

export class IpcRefusedError extends Error {}

/** The URL of the frame that sent the message (senderFrame is null once the frame navigated away). */
export function senderUrl(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): string | null {
  return event.senderFrame?.url ?? null;
}

export function setupIpc(deps: IpcDeps): { dispose(): void } {
  const handle = <C extends InvokeChannel>(channel: C) => {
    const validate = deps.validators[channel];
    const handler = deps.handlers[channel] as (...args: Args<C>) => Result<C> | Promise<Result<C>>;
    deps.ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      const url = senderUrl(event);
      if (url == null || !deps.isTrustedUrl(url)) {
        throw new IpcRefusedError(`${channel}: refused, sender is not the Reviewtray renderer`);
      }
      if (!validate(args)) throw new IpcRefusedError(`${channel}: invalid arguments`);
      return handler(...args);
    });
  };
  for (const channel of INVOKE_CHANNELS) handle(channel);
  return {
    dispose() {
      for (const channel of INVOKE_CHANNELS) deps.ipcMain.removeHandler(channel);
    },
  };
}
