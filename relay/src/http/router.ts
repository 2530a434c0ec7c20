/**
 * A small route table: each route names its path pattern, methods and handler, so new endpoints
 * (metrics, status, ...) are one entry each. Unknown path → 404; known path, other method → 405
 * with Allow.
 *
 * A body that a route does not read is discarded within limits (see discard-body.ts), so an answer
 * sent before a proxy finished uploading reaches the client instead of becoming a 502.
 */
import type http from 'node:http';
import { redactPath } from '../log.ts';
import type { LogFields, Logger } from '../log.ts';
import { discardLimitsFor, discardUnreadBody } from './discard-body.ts';
import type { DiscardLimits } from './discard-body.ts';
import { sendError } from './responses.ts';

export interface RequestContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  params: Record<string, string>;
  /** Client address (see clientAddress). */
  address: string;
  /** Extra fields for this request's access-log line (e.g. the shop and counts of a webhook). */
  logFields: LogFields;
}

export interface Route {
  /** e.g. "/healthz" or "/hooks/trustpilot/:secret" (a param matches one non-empty segment). */
  path: string;
  methods: string[];
  handler(ctx: RequestContext): void | Promise<void>;
  /** Log level of the access-log line (default info; health checks use debug). */
  logLevel?: 'debug' | 'info';
  /**
   * The handler reads the body itself, and calls discardUnreadBody when it answers without
   * reading it. Otherwise the router discards any body (bounded) before calling the handler.
   */
  readsBody?: boolean;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  paramNames: string[];
}

function compile(route: Route): CompiledRoute {
  const paramNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        paramNames.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), paramNames };
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly addressOf: (req: http.IncomingMessage) => string,
    /** Caps for discarding unread bodies (default: those for a 1 MiB body limit). */
    private readonly discardLimits: DiscardLimits = discardLimitsFor(1024 * 1024),
  ) {}

  add(route: Route): this {
    this.routes.push(compile(route));
    return this;
  }

  handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://relay.invalid');
    const method = req.method ?? 'GET';
    let logLevel: 'debug' | 'info' = 'info';
    const logFields: LogFields = {};
    // One line per request, written when the answer is complete.
    res.on('finish', () => {
      this.logger.log(logLevel, 'request', {
        ...logFields,
        method,
        // The hook path carries the shop's secret: never log it.
        path: redactPath(url.pathname),
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      });
    });

    const matches: Array<{ route: CompiledRoute; params: Record<string, string> }> = [];
    for (const route of this.routes) {
      const found = route.pattern.exec(url.pathname);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.paramNames.forEach((name, i) => {
        params[name] = safeDecode(found[i + 1]!);
      });
      matches.push({ route, params });
    }
    const discardBody = () =>
      discardUnreadBody(req, this.discardLimits, (reason, bytes) =>
        this.logger.log('debug', 'unread request body cut off', { reason, bytes }),
      );
    if (matches.length === 0) {
      sendError(res, 404, 'not found');
      discardBody();
      return;
    }
    const match = matches.find(({ route }) => route.methods.includes(method));
    if (!match) {
      const allow = [...new Set(matches.flatMap(({ route }) => route.methods))].join(', ');
      sendError(res, 405, `method ${method} not allowed, use ${allow}`, { allow });
      discardBody();
      return;
    }
    if (!match.route.readsBody) discardBody();
    logLevel = match.route.logLevel ?? 'info';
    const ctx: RequestContext = {
      req,
      res,
      url,
      params: match.params,
      address: this.addressOf(req),
      logFields,
    };
    Promise.resolve()
      .then(() => match.route.handler(ctx))
      .catch((err: unknown) => {
        this.logger.log('error', 'request handler failed', {
          path: url.pathname,
          error: String(err),
        });
        sendError(res, 500, 'internal error');
        discardBody();
      });
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
