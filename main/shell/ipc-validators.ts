/** Runtime argument checks for every invoke channel (see ipc.ts). */
import { z } from 'zod';
import type { InvokeChannel } from '../ipc-contract.ts';
import type { ArgValidators } from './ipc.ts';

const str = (max: number) => z.string().max(max);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const popupRulesSchema = z.strictObject({
  notifyStars: z.array(z.number().int().min(1).max(5)).max(5),
  notifyRevisions: z.boolean(),
  quietHours: z.strictObject({ start: hhmm, end: hhmm }).nullable(),
  soundForLowRatings: z.boolean(),
});

const settingsPatchSchema = z.strictObject({
  relayUrl: str(2048).optional(),
  token: str(1024).nullable().optional(),
  rules: popupRulesSchema.optional(),
  startAtLogin: z.boolean().optional(),
  startHidden: z.boolean().optional(),
});

const tuple = <T extends z.ZodTypeAny[]>(...items: T) => {
  const schema = z.tuple(items as unknown as [z.ZodTypeAny, ...z.ZodTypeAny[]]);
  return (args: unknown[]) => schema.safeParse(args).success;
};
const none = (args: unknown[]) => args.length === 0;

// `satisfies` makes a channel added to the contract without a validator a type error.
export const ipcValidators = {
  'reviews:list': none,
  'reviews:set-read': tuple(str(200), z.boolean()),
  'connection:get': none,
  'reviews:get': tuple(z.array(str(200)).max(10_000)),
  'reviews:mark-all-read': none,
  'shell:open-external': tuple(str(4096)),
  'settings:get': none,
  'settings:save': tuple(settingsPatchSchema),
  'settings:test-connection': tuple(str(2048), str(1024).nullable()),
  'app:send-test-notification': none,
} satisfies Record<InvokeChannel, (args: unknown[]) => boolean> as unknown as ArgValidators;
