/** Builds relay event frames for the pure core tests. */
import type { EventFrame, TrustpilotEvent } from '../../relay/src/protocol.ts';

export const RELAY = 'http://127.0.0.1:8787';

export function frame(seq: number, event: TrustpilotEvent): EventFrame {
  const receivedAt = new Date(Date.UTC(2026, 2, 1, 10, 0, seq)).toISOString();
  return { type: 'event', seq, receivedAt, event };
}

/** Frames numbered from `firstSeq`, one per event. */
export function frames(firstSeq: number, ...events: TrustpilotEvent[]): EventFrame[] {
  return events.map((e, i) => frame(firstSeq + i, e));
}
