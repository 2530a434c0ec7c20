/**
 * POST /hooks/trustpilot/<secret>: Trustpilot's webhook.
 *
 * Authentication (path secret, optional basic auth) and the failed-auth limit are checked before
 * a byte of the body is read; then the body is read with its limits, checked, and stored. 200 only
 * once the store has committed, so any failure makes Trustpilot deliver the same body again.
 */
import type http from 'node:http';
import type { AuthFailureLimiter } from '../auth-failure-limiter.ts';
import type { InflightCounter } from '../inflight.ts';
import type { Logger } from '../log.ts';
import type { WebhookAccepted } from '../protocol.ts';
import { digestsEqual, hashSecret } from '../secrets.ts';
import { UnstorableEventError } from '../store/event-store.ts';
import type { EventStore } from '../store/event-store.ts';
import type { Shop, ShopDirectory } from '../store/shop-directory.ts';
import { parseEnvelope } from './parse-envelope.ts';
import {
  BodyError,
  ClientGoneError,
  decodeContent,
  decodeUtf8,
  parseContentEncoding,
  readRawBody,
} from './read-body.ts';
import { sendError, sendJson } from './responses.ts';
import type { RequestContext, Route } from './router.ts';

export const HOOK_PATH_PREFIX = '/hooks/trustpilot/';

export interface WebhookDeps {
  events: EventStore;
  shops: ShopDirectory;
  limiter: AuthFailureLimiter;
  inflight: InflightCounter;
  logger: Logger;
  maxBodyBytes: number;
  isShuttingDown(): boolean;
  /** Called with each outcome (for metrics); optional. */
  onOutcome?(outcome: string, shop: Shop | undefined, result?: WebhookAccepted): void;
}

export function webhookRoute(deps: WebhookDeps): Route {
  return {
    path: `${HOOK_PATH_PREFIX}:secret`,
    methods: ['POST'],
    handler: (ctx) => handleWebhook(deps, ctx),
  };
}

function basicAuthMatches(req: http.IncomingMessage, expectedHash: string): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return false;
  const pair = Buffer.from(match[1]!, 'base64').toString('utf8');
  return digestsEqual(hashSecret(pair), expectedHash);
}

async function handleWebhook(deps: WebhookDeps, ctx: RequestContext): Promise<void> {
  const { req, res, address } = ctx;
  const outcome = (name: string, shop?: Shop, result?: WebhookAccepted) => {
    Object.assign(ctx.logFields, { outcome: name, shop: shop?.id, ...result });
    deps.onOutcome?.(name, shop, result);
  };

  if (deps.isShuttingDown()) {
    outcome('shutting_down');
    sendError(res, 503, 'relay is shutting down, retry later', {
      'retry-after': '5',
      connection: 'close',
    });
    return;
  }
  const retryAfter = deps.limiter.retryAfterSeconds(address);
  if (retryAfter > 0) {
    outcome('rate_limited');
    sendError(res, 429, 'too many failed authentication attempts', {
      'retry-after': String(retryAfter),
    });
    return;
  }
  const shop = deps.shops.findShopBySecret(ctx.params.secret ?? '');
  if (!shop) {
    // Same answer as any unknown path: a wrong secret reveals nothing.
    deps.limiter.recordFailure(address);
    outcome('bad_secret');
    sendError(res, 404, 'not found');
    return;
  }
  if (shop.basicAuthHash && !basicAuthMatches(req, shop.basicAuthHash)) {
    deps.limiter.recordFailure(address);
    outcome('bad_basic_auth', shop);
    sendError(res, 401, 'basic authentication required', {
      'www-authenticate': 'Basic realm="reviewtray-relay", charset="UTF-8"',
    });
    return;
  }

  await deps.inflight.run(async () => {
    deps.logger.log('debug', 'webhook receiving', { shop: shop.id });
    let events;
    try {
      const codings = parseContentEncoding(req.headers['content-encoding']);
      const raw = await readRawBody(req, deps.maxBodyBytes);
      const decoded = await decodeContent(raw, codings, deps.maxBodyBytes);
      events = parseEnvelope(decodeUtf8(decoded));
    } catch (err) {
      if (err instanceof ClientGoneError) {
        outcome('client_gone', shop);
        deps.logger.log('debug', 'webhook client went away', { shop: shop.id });
        return;
      }
      if (!(err instanceof BodyError)) throw err;
      outcome(`rejected_${err.status}`, shop);
      rejectBody(req, res, err, deps.maxBodyBytes);
      return;
    }

    if (events.length === 0) {
      // Trustpilot's "Test" button sends an empty list and must get a 2xx.
      outcome('empty', shop, { accepted: 0, duplicates: 0 });
      sendJson(res, 200, { accepted: 0, duplicates: 0 } satisfies WebhookAccepted);
      return;
    }
    let result: WebhookAccepted;
    try {
      const appended = await deps.events.append(shop.id, events);
      result = { accepted: appended.stored.length, duplicates: appended.duplicates };
    } catch (err) {
      if (err instanceof UnstorableEventError) {
        // The content, not the store: a retry would fail the same way, so no 5xx.
        outcome('rejected_400', shop);
        sendError(res, 400, err.message);
        return;
      }
      deps.logger.log('error', 'storing webhook failed', { shop: shop.id, error: String(err) });
      outcome('store_failed', shop);
      sendError(res, 503, 'could not store the events, retry later', { 'retry-after': '10' });
      return;
    }
    outcome('accepted', shop, result);
    sendJson(res, 200, result);
  });
}

/**
 * Answers a rejected body. When the request body was not read to the end (413), the connection is
 * closed after the answer; the rest is discarded up to a cap so the client still sees the status.
 */
function rejectBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  err: BodyError,
  maxBodyBytes: number,
): void {
  if (req.complete) {
    sendError(res, err.status, err.message);
    return;
  }
  sendError(res, err.status, err.message, { connection: 'close' });
  let discarded = 0;
  const cap = Math.max(maxBodyBytes * 8, 8 * 1024 * 1024);
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > cap) req.destroy();
  });
  req.resume();
}
