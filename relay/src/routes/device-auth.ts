/**
 * Device-token authentication for the plain-HTTP device endpoints (/v1/status, /v1/test): the same
 * `Authorization: Bearer <token>` as the stream, the same failed-auth limit per address.
 */
import type { AuthFailureLimiter } from '../auth-failure-limiter.ts';
import { sendError } from '../http/responses.ts';
import type { RequestContext } from '../http/router.ts';
import type { Device, Shop, ShopDirectory } from '../store/shop-directory.ts';

export interface DeviceAuthDeps {
  shops: ShopDirectory;
  limiter: AuthFailureLimiter;
  /** Counts a failed check (metrics); optional. */
  onFailure?(): void;
}

export interface AuthenticatedDevice {
  device: Device;
  shop: Shop;
}

/** The token's device and shop, or undefined after answering 429 or 401 itself. */
export function authenticateDevice(
  deps: DeviceAuthDeps,
  { req, res, address }: RequestContext,
): AuthenticatedDevice | undefined {
  const retryAfter = deps.limiter.retryAfterSeconds(address);
  if (retryAfter > 0) {
    sendError(res, 429, 'too many failed authentication attempts', {
      'retry-after': String(retryAfter),
    });
    return undefined;
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  const found = bearer ? deps.shops.findDeviceByToken(bearer) : undefined;
  if (!found) {
    deps.limiter.recordFailure(address);
    deps.onFailure?.();
    sendError(res, 401, 'a valid device token is required (Authorization: Bearer <token>)', {
      'www-authenticate': 'Bearer realm="reviewtray-relay"',
    });
    return undefined;
  }
  return found;
}
