/** Builds server frames as JSON text. Event frames embed the stored JSON without re-parsing it. */
import { PROTOCOL_VERSION } from '../protocol.ts';
import type { CaughtUpFrame, GapFrame, HelloFrame } from '../protocol.ts';
import type { StoredEvent } from '../store/event-store.ts';

export function eventFrame(event: StoredEvent): string {
  const receivedAt = new Date(event.receivedAt).toISOString();
  return `{"type":"event","seq":${event.seq},"receivedAt":"${receivedAt}","event":${event.json}}`;
}

export function helloFrame(latestSeq: number, oldestSeq: number, logId: string): string {
  return JSON.stringify({
    type: 'hello',
    protocol: PROTOCOL_VERSION,
    latestSeq,
    oldestSeq,
    logId,
  } satisfies HelloFrame);
}

export function caughtUpFrame(seq: number): string {
  return JSON.stringify({ type: 'caught-up', seq } satisfies CaughtUpFrame);
}

export function gapFrame(fromSeq: number, toSeq: number): string {
  return JSON.stringify({ type: 'gap', fromSeq, toSeq } satisfies GapFrame);
}
