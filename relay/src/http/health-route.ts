import type { EventStore } from '../store/event-store.ts';
import { sendJson } from './responses.ts';
import type { Route } from './router.ts';

/** GET /healthz: 200 when the store answers, 503 otherwise (for monitors and load balancers). */
export function healthRoute(events: EventStore): Route {
  return {
    path: '/healthz',
    methods: ['GET', 'HEAD'],
    logLevel: 'debug',
    async handler({ res }) {
      try {
        await events.ping();
        sendJson(res, 200, { status: 'ok' });
      } catch {
        sendJson(res, 503, { status: 'unavailable', error: 'store does not answer' });
      }
    },
  };
}
