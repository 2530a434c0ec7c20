/**
 * Reads a request body with a hard size limit while it streams in, decodes Content-Encoding
 * (gzip, deflate, br) with the same limit on the decompressed size, and decodes UTF-8 strictly.
 * Every failure is a BodyError carrying the HTTP status to answer with.
 */
import type http from 'node:http';
import zlib from 'node:zlib';
import { promisify } from 'node:util';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** The client went away before its body arrived: there is no one to answer. */
export class ClientGoneError extends Error {
  constructor() {
    super('client closed the connection before sending the whole body');
  }
}

type Decoder = (input: Buffer, maxOutputLength: number) => Promise<Buffer>;

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

const DECODERS: Record<string, Decoder> = {
  gzip: (input, maxOutputLength) => gunzip(input, { maxOutputLength }),
  'x-gzip': (input, maxOutputLength) => gunzip(input, { maxOutputLength }),
  // "deflate" should be zlib-wrapped, but some senders use raw deflate: accept both.
  deflate: (input, maxOutputLength) =>
    inflate(input, { maxOutputLength }).catch((err: unknown) => {
      if (isTooLarge(err)) throw err;
      return inflateRaw(input, { maxOutputLength });
    }),
  br: (input, maxOutputLength) => brotli(input, { maxOutputLength }),
};

function isTooLarge(err: unknown): boolean {
  return (
    (err as NodeJS.ErrnoException)?.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError
  );
}

/** The encodings listed in Content-Encoding, in the order they were applied. 415 if unknown. */
export function parseContentEncoding(header: string | undefined): string[] {
  if (!header) return [];
  const codings = header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  for (const coding of codings) {
    if (!(coding in DECODERS)) {
      throw new BodyError(
        415,
        `unsupported Content-Encoding "${coding}" (use gzip, deflate or br)`,
      );
    }
  }
  if (codings.length > 2) throw new BodyError(415, 'too many Content-Encoding layers');
  return codings;
}

/** Collects the raw body, failing with 413 as soon as it exceeds maxBytes. */
export function readRawBody(req: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(new BodyError(413, `body is larger than ${maxBytes} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        finish(new BodyError(413, `body is larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = () => finish(new ClientGoneError());
    const onAborted = () => finish(new ClientGoneError());
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

/** Undoes each Content-Encoding (last applied first), never producing more than maxBytes. */
export async function decodeContent(
  raw: Buffer,
  codings: string[],
  maxBytes: number,
): Promise<Buffer> {
  let data = raw;
  for (const coding of [...codings].reverse()) {
    try {
      data = await DECODERS[coding]!(data, maxBytes);
    } catch (err) {
      if (isTooLarge(err)) {
        throw new BodyError(413, `decompressed body is larger than ${maxBytes} bytes`);
      }
      throw new BodyError(400, `body is not valid ${coding} data`);
    }
  }
  return data;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Strict UTF-8 decoding; a leading BOM is dropped. */
export function decodeUtf8(data: Buffer): string {
  try {
    return utf8.decode(data);
  } catch {
    throw new BodyError(400, 'body is not valid UTF-8');
  }
}
