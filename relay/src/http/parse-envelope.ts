/** Checks Trustpilot's envelope `{"events":[...]}`; the events themselves are not interpreted. */
import type { TrustpilotEvent } from '../protocol.ts';
import { MAX_JSON_DEPTH, jsonNestingExceeds } from './json-depth.ts';
import { BodyError } from './read-body.ts';

export function parseEnvelope(text: string): TrustpilotEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new BodyError(400, `body is not valid JSON: ${detail}`);
  }
  if (jsonNestingExceeds(body, MAX_JSON_DEPTH)) {
    throw new BodyError(400, `JSON nesting is deeper than ${MAX_JSON_DEPTH} levels`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BodyError(400, 'body must be a JSON object with an "events" array');
  }
  const events = (body as { events?: unknown }).events;
  if (events === undefined) throw new BodyError(400, 'body has no "events" array');
  if (!Array.isArray(events)) throw new BodyError(400, '"events" must be an array');
  events.forEach((event: unknown, index) => {
    if (event === null || typeof event !== 'object' || Array.isArray(event)) {
      throw new BodyError(400, `events[${index}] is not an object`);
    }
    const name = (event as { eventName?: unknown }).eventName;
    if (typeof name !== 'string' || name === '') {
      throw new BodyError(400, `events[${index}].eventName must be a non-empty string`);
    }
  });
  return events as TrustpilotEvent[];
}
