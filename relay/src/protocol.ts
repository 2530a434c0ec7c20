/**
 * Wire protocol v1 between the relay and its clients (JSON text frames over WebSocket).
 * This file is the single definition of the protocol: the relay builds these frames and the
 * desktop client (main/core) imports these types to validate what it receives.
 * It must stay free of runtime imports so both sides can depend on it.
 */

export const PROTOCOL_VERSION = 1;

/** Path of the WebSocket stream endpoint. `?since=<seq>` resumes after that seq. */
export const STREAM_PATH = '/v1/stream';

/** One Trustpilot event exactly as it arrived in the webhook body's `events` array. */
export interface TrustpilotEvent {
  eventName: string;
  version?: unknown;
  eventData?: unknown;
  [key: string]: unknown;
}

export interface HelloFrame {
  type: 'hello';
  protocol: typeof PROTOCOL_VERSION;
  /** Highest seq stored for this shop (0 when empty). */
  latestSeq: number;
  /** Lowest seq still kept after retention (0 when empty). */
  oldestSeq: number;
  /**
   * Identity of this shop's event log: random, made when the log is created, and unchanged for its
   * life. A new value means the relay's data was reset (a new data dir), so seqs the client holds
   * no longer mean the same events: the client must replay from 0 (its duplicate detection keeps
   * that silent). A backup restored in place keeps its logId; the client then sees latestSeq below
   * its cursor, which it treats the same way. Optional: a relay that sends none is never reset.
   */
  logId?: string;
}

export interface EventFrame {
  type: 'event';
  seq: number;
  /** ISO 8601 time the relay stored the event. */
  receivedAt: string;
  event: TrustpilotEvent;
}

/** Sent once the backlog after `since` has been sent; everything after it is live. */
export interface CaughtUpFrame {
  type: 'caught-up';
  seq: number;
}

/** The events fromSeq..toSeq (inclusive) were pruned by retention and will never be sent. */
export interface GapFrame {
  type: 'gap';
  fromSeq: number;
  toSeq: number;
}

export type ServerFrame = HelloFrame | EventFrame | CaughtUpFrame | GapFrame;

/** Optional client → server frame: the client has durably processed everything up to seq. */
export interface AckFrame {
  type: 'ack';
  seq: number;
}

export type ClientFrame = AckFrame;

/** Answer body of a successful webhook POST. */
export interface WebhookAccepted {
  accepted: number;
  duplicates: number;
}

/** Answer body of every rejected request. */
export interface ErrorBody {
  error: string;
}

// --- Device HTTP endpoints (same Bearer device token as the stream) ---------------------------

/** GET: the shop's seq range and its devices' lag. */
export const STATUS_PATH = '/v1/status';

/** POST: stores a test event for the caller's shop, delivered to every device like a review. */
export const TEST_PATH = '/v1/test';

/**
 * eventName of the relay's test event (POST /v1/test). It is a normal stored event with a seq;
 * its eventData is `{ id, requestedBy, requestedByLabel, sentAt }` (id unique per test).
 */
export const TEST_EVENT_NAME = 'reviewtray-test';

export interface DeviceStatus {
  id: string;
  label: string;
  /** The device whose token made this request. */
  self: boolean;
  connected: boolean;
  /** Open stream sockets of this device now. */
  connections: number;
  lastConnectedAt: string | null;
  lastSeenAt: string | null;
  /** Highest seq the device acknowledged (null before its first ack). */
  ackedSeq: number | null;
  /** Highest seq sent to it on an open socket (null when not connected). */
  sentSeq: number | null;
  /** latestSeq minus ackedSeq: events the device has not confirmed yet. */
  lag: number;
}

/** Answer of GET /v1/status. */
export interface RelayStatus {
  shop: { id: number; name: string };
  seq: { latest: number; oldest: number; prunedThrough: number };
  /** The shop's unrevoked devices. */
  devices: DeviceStatus[];
}

/** Answer of POST /v1/test. */
export interface TestEventAccepted {
  seq: number;
  eventName: typeof TEST_EVENT_NAME;
  /** Devices of the shop connected when it was stored (the others get it on reconnect). */
  connectedDevices: number;
}

/**
 * The one-line connection string the relay prints for a device, so the owner pastes one thing
 * into the desktop app instead of a URL and a token:
 * `reviewtray://connect?relay=<url-encoded relay URL>&token=<url-encoded token>`.
 * The desktop app's parser is main/shell/connection-string.ts.
 */
export const CONNECTION_STRING_PREFIX = 'reviewtray://connect';

export function formatConnectionString(settings: { relayUrl: string; token: string }): string {
  const query = new URLSearchParams({ relay: settings.relayUrl, token: settings.token });
  return `${CONNECTION_STRING_PREFIX}?${query.toString()}`;
}
