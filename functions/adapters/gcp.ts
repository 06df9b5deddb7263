// Google Cloud Functions (functions-framework) adapter. Only types come from the
// framework: it must stay outside the bundle, because it keeps registered functions
// in a module-level map that a bundled second copy would not share (its issue #477).
// The function is therefore exported by name and found with --target=predict.
import type { HttpFunction, Request, Response } from '@google-cloud/functions-framework';
import http from 'node:http';
import type { Readable } from 'node:stream';
import { normalizeHeaders, type CoreRequest, type CoreResponse } from '../core/http.ts';
import type { PredictionService } from '../core/service.ts';

/**
 * functions-framework reads, inflates and parses every body (up to 1024 MB, gzip
 * included) in Express middleware before any function runs, and renders its own
 * errors as HTML that quotes the body. None of that can be configured, but the
 * framework loads the function module first and only then calls http.createServer
 * with its Express app (server.js, getServer). So this module wraps that one call:
 * the server the framework listens with answers through the prediction service,
 * which checks path, method, API key, content type and declared length before any
 * body is read, and reads at most MAX_BODY_BYTES of it. The framework still loads
 * the function, listens on PORT and shuts down on SIGTERM.
 * tests/gcp-adapter.test.ts fails if an upgrade stops calling http.createServer
 * after loading the function (then the Express path, the HttpFunction below, serves).
 */
export function guardFrameworkServer(service: PredictionService, maxBodyBytes: number): void {
  const createServer = http.createServer;
  const patched = ((...args: unknown[]) => {
    http.createServer = createServer;
    const listener = args.find((arg) => typeof arg === 'function');
    if (listener === undefined) return (createServer as (...a: unknown[]) => http.Server)(...args);
    const options = args.find((arg) => arg !== null && typeof arg === 'object') as http.ServerOptions | undefined;
    return createServer(options ?? {}, (req, res) => serveGuarded(service, maxBodyBytes, req, res));
  }) as typeof http.createServer;
  http.createServer = patched;
}

function serveGuarded(service: PredictionService, maxBodyBytes: number, req: http.IncomingMessage, res: http.ServerResponse): void {
  const headers = normalizeHeaders(req.headers);
  const request: CoreRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body: undefined, platformRequestId: headers['function-execution-id'] };
  const early = service.admit(request);
  if (early) {
    send(res, early);
    // An unread body would stay in the socket: drop it (at most the network's pace, no memory).
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > maxBodyBytes) {
      refused = true;
      chunks.length = 0;
      // Answer now and close the connection: the rest of the body is never buffered.
      res.setHeader('connection', 'close');
      send(res, service.rejectTooLarge(request), () => req.destroy());
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (!refused) send(res, service.handle({ ...request, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) }));
  });
  req.on('error', () => req.destroy());
}

function send(res: http.ServerResponse, response: CoreResponse, then?: () => void): void {
  if (res.headersSent) return;
  res.writeHead(response.status, response.headers);
  res.end(response.body, then);
}

/**
 * The function the framework registers. With the guard in place it is not called;
 * without it (a framework that builds its server differently) it still serves, from
 * the body the framework's parsers read.
 */
export function createGcpHttpFunction(service: PredictionService, maxBodyBytes: number): HttpFunction {
  const respond = (req: Request, res: Response, body: Buffer | undefined) => {
    const response = service.handle({
      method: req.method,
      path: req.path,
      headers: normalizeHeaders(req.headers),
      body,
      platformRequestId: req.executionId,
    });
    // Node's own writeHead: one call, headers and status together, no Express helpers.
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  };
  // Synchronous when the framework already read the body (nearly always): no promise per request.
  return (req, res) => {
    if (req.rawBody !== undefined) return respond(req, res, req.rawBody);
    return readUnparsedBody(req, maxBodyBytes).then((body) => respond(req, res, body));
  };
}

/**
 * The framework's body parsers fill req.rawBody for every request with a content
 * type; one without a content type arrives unread. Read it, but keep no more than
 * just past the limit: an oversized body is drained (destroying the stream would
 * take the socket, and the 413 answer, with it) and then refused.
 */
async function readUnparsedBody(req: Request, maxBodyBytes: number): Promise<Buffer | undefined> {
  const stream = req as unknown as Readable;
  if (!stream.readable || stream.readableEnded) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    if (size > maxBodyBytes) continue;
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return Buffer.concat(chunks);
}
