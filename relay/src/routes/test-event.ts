/**
 * POST /v1/test (device token): sends a test event to every device of the caller's shop, so the
 * desktop app's "Send test" proves the whole chain (relay → stream → app → notification).
 *
 * The test event is a normal stored event (eventName `reviewtray-test`), not a live-only frame:
 * it gets a seq, goes through the same store → fan-out path as a review, and a device that is
 * offline receives it on reconnect. Nothing is lost and the protocol needs no new frame type; the
 * cost is one small row per test, pruned by retention like any event. A short per-shop interval
 * keeps a buggy or hostile client from filling the log.
 */
import crypto from 'node:crypto';
import { TEST_EVENT_NAME } from '../protocol.ts';
import type { TestEventAccepted, TrustpilotEvent } from '../protocol.ts';
import type { EventStore } from '../store/event-store.ts';
import { sendError, sendJson } from '../http/responses.ts';
import type { Route } from '../http/router.ts';
import { authenticateDevice } from './device-auth.ts';
import type { DeviceAuthDeps } from './device-auth.ts';
import type { LiveSessions } from './status.ts';

export interface TestEventDeps extends DeviceAuthDeps {
  events: EventStore;
  stream: Pick<LiveSessions, 'sessions'>;
  /** Least time between two test events of one shop (default 1000 ms). */
  minIntervalMs?: number;
  now?: () => number;
}

export function testEventRoute(deps: TestEventDeps): Route {
  const lastTestAt = new Map<number, number>();
  const minInterval = deps.minIntervalMs ?? 1000;
  const now = deps.now ?? Date.now;
  return {
    path: '/v1/test',
    methods: ['POST'],
    async handler(ctx) {
      const auth = authenticateDevice(deps, ctx);
      if (!auth) return;
      // The body, if any, is ignored: drain it so keep-alive works.
      ctx.req.resume();
      const at = now();
      const last = lastTestAt.get(auth.shop.id);
      if (last !== undefined && at - last < minInterval) {
        const wait = Math.max(1, Math.ceil((minInterval - (at - last)) / 1000));
        sendError(ctx.res, 429, 'a test event was sent a moment ago, try again shortly', {
          'retry-after': String(wait),
        });
        return;
      }
      lastTestAt.set(auth.shop.id, at);
      const event: TrustpilotEvent = {
        eventName: TEST_EVENT_NAME,
        version: '1',
        eventData: {
          // Unique, so two tests are never taken for an identical redelivery.
          id: crypto.randomUUID(),
          requestedBy: auth.device.id,
          requestedByLabel: auth.device.label,
          sentAt: new Date(at).toISOString(),
        },
      };
      const appended = await deps.events.append(auth.shop.id, [event]);
      const stored = appended.stored[0];
      if (!stored) {
        sendError(ctx.res, 500, 'the test event was not stored');
        return;
      }
      const connected = new Set(
        deps.stream
          .sessions()
          .filter((s) => s.shop.id === auth.shop.id)
          .map((s) => s.device.id),
      );
      sendJson(ctx.res, 200, {
        seq: stored.seq,
        eventName: TEST_EVENT_NAME,
        connectedDevices: connected.size,
      } satisfies TestEventAccepted);
    },
  };
}
