/**
 * POST /hooks/trustpilot/<secret>: Trustpilot's webhook.
 *
 * Authentication (path secret, optional basic auth) and the failed-auth limit are checked before
 * a byte of the body is read; then the body is read with its limits, checked, and stored. 200 only
 * once the store has committed, so any failure makes Trustpilot deliver the same body again.
 *
 * An answer sent before the body was read to the end keeps the connection open and discards the
 * rest of the body within caps (discard-body.ts): a proxy still uploading would turn a closed
 * connection into a 502, and Trustpilot must see the real 4xx.
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
import { discardLimitsFor, discardUnreadBody } from './discard-body.ts';
import type { DiscardLimits } from './discard-body.ts';
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
  /** Caps for discarding a body answered unread (default: discardLimitsFor(maxBodyBytes)). */
  discardLimits?: DiscardLimits;
  /** Called with each outcome (for metrics); optional. */
  onOutcome?(outcome: string, shop: Shop | undefined, result?: WebhookAccepted): void;
}

export function webhookRoute(deps: WebhookDeps): Route {
  return {
    path: `${HOOK_PATH_PREFIX}:secret`,
    methods: ['POST'],
    readsBody: true,
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
  const limits = deps.discardLimits ?? discardLimitsFor(deps.maxBodyBytes);
  /** After an answer that did not read the body: drop the rest of it, within the caps. */
  const discardBody = () =>
    discardUnreadBody(req, limits, (reason, bytes) =>
      deps.logger.log('debug', 'unread webhook body cut off', { reason, bytes }),
    );

  if (deps.isShuttingDown()) {
    outcome('shutting_down');
    // No `Connection: close`: it would cut a proxy's upload into a 502. Shutdown closes the
    // connection itself once in-flight webhooks are done.
    sendError(res, 503, 'relay is shutting down, retry later', { 'retry-after': '5' });
    discardBody();
    return;
  }
  const retryAfter = deps.limiter.retryAfterSeconds(address);
  if (retryAfter > 0) {
    outcome('rate_limited');
    sendError(res, 429, 'too many failed authentication attempts', {
      'retry-after': String(retryAfter),
    });
    discardBody();
    return;
  }
  const shop = deps.shops.findShopBySecret(ctx.params.secret ?? '');
  if (!shop) {
    // Same answer as any unknown path: a wrong secret reveals nothing.
    deps.limiter.recordFailure(address);
    outcome('bad_secret');
    sendError(res, 404, 'not found');
    discardBody();
    return;
  }
  if (shop.basicAuthHash && !basicAuthMatches(req, shop.basicAuthHash)) {
    deps.limiter.recordFailure(address);
    outcome('bad_basic_auth', shop);
    sendError(res, 401, 'basic authentication required', {
      'www-authenticate': 'Basic realm="reviewtray-relay", charset="UTF-8"',
    });
    discardBody();
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
      // 415 and a declared or streamed 413 come before the body's end; 400 and an inflated 413
      // after it (the decompressed side is never drained: the raw body was capped already).
      sendError(res, err.status, err.message);
      discardBody();
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
