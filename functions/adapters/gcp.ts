// Google Cloud Functions (functions-framework) adapter. Only types come from the
// framework: it must stay outside the bundle, because it keeps registered functions
// in a module-level map that a bundled second copy would not share (its issue #477).
// The function is therefore exported by name and found with --target=predict.
import type { HttpFunction, Request, Response } from '@google-cloud/functions-framework';
import type { Readable } from 'node:stream';
import { normalizeHeaders } from '../core/http.ts';
import type { PredictionService } from '../core/service.ts';

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
