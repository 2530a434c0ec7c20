/**
 * Validation of what the relay sends. Types come from relay/src/protocol.ts (the single
 * definition); these schemas check that a frame really has that shape before the core acts on
 * it, so a broken or hostile relay cannot crash the client or corrupt the log.
 */
import { z } from 'zod';
import type { ServerFrame } from '../../relay/src/protocol.ts';

const seq = z.number().int().nonnegative();

const helloFrame = z.object({
  type: z.literal('hello'),
  protocol: z.literal(1),
  latestSeq: seq,
  oldestSeq: seq,
  logId: z.string().optional(),
});

const eventFrame = z.object({
  type: z.literal('event'),
  seq: seq.min(1),
  receivedAt: z.string(),
  event: z.looseObject({
    eventName: z.string(),
    version: z.unknown().optional(),
    eventData: z.unknown().optional(),
  }),
});

const caughtUpFrame = z.object({ type: z.literal('caught-up'), seq });

const gapFrame = z.object({ type: z.literal('gap'), fromSeq: seq, toSeq: seq });

const serverFrame = z.discriminatedUnion('type', [helloFrame, eventFrame, caughtUpFrame, gapFrame]);

export type ParsedFrame = { ok: true; frame: ServerFrame } | { ok: false; reason: string };

/** Parses one text frame; never throws. Extra fields are tolerated (newer relays may add some). */
export function parseServerFrame(text: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const result = serverFrame.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'frame';
    return { ok: false, reason: `${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, frame: result.data as ServerFrame };
}
