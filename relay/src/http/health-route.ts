import type { EventStore } from '../store/event-store.ts';
import { sendJson } from './responses.ts';
import type { Route } from './router.ts';

/**
 * GET /healthz: 200 when the store answers, 503 otherwise (for monitors and load balancers), and
 * 503 while shutting down so a balancer stops sending traffic.
 */
export function healthRoute(
  events: EventStore,
  isShuttingDown: () => boolean = () => false,
): Route {
  return {
    path: '/healthz',
    methods: ['GET', 'HEAD'],
    logLevel: 'debug',
    async handler({ res }) {
      if (isShuttingDown()) {
        sendJson(res, 503, { status: 'shutting down' });
        return;
      }
      try {
        await events.ping();
        sendJson(res, 200, { status: 'ok' });
      } catch {
        sendJson(res, 503, { status: 'unavailable', error: 'store does not answer' });
      }
    },
  };
}
