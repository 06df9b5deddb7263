import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';

const TEXT_TYPES = /^(application\/([\w.+-]*\+)?json|text\/|application\/(x-www-form-urlencoded|xml))/i;

/** The request target's path and query as sent: `//health` stays a path (new URL would read it as a host). */
export function requestTarget(target = '/'): { path: string; query: string } {
  const at = target.indexOf('?');
  return at < 0 ? { path: target, query: '' } : { path: target.slice(0, at), query: target.slice(at + 1) };
}

let utf8: InstanceType<typeof TextDecoder> | undefined;
function isUtf8(body: Buffer): boolean {
  try {
    (utf8 ??= new TextDecoder('utf-8', { fatal: true })).decode(body);
    return true;
  } catch {
    return false;
  }
}

/**
 * A Lambda Function URL event (payload format 2.0) for a local HTTP request, shaped as
 * AWS sends it: lower-case headers joined with commas, cookies apart, and binary
 * bodies base64-encoded (a text type whose bytes are not UTF-8 is binary too, so the
 * function sees the bytes sent and answers as the other clouds do).
 */
export function functionUrlEvent(request: IncomingMessage, body: Buffer, routeKey = '$default') {
  const { path, query } = requestTarget(request.url);
  const searchParams = new URLSearchParams(query);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const contentType = headers['content-type'] ?? '';
  const asText = body.length === 0 || (TEXT_TYPES.test(contentType) && isUtf8(body));
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: query,
    cookies: request.headers.cookie?.split(';').map((cookie) => cookie.trim()),
    headers,
    queryStringParameters: query ? Object.fromEntries(searchParams) : undefined,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: { method: request.method ?? 'GET', path, protocol: `HTTP/${request.httpVersion}`, sourceIp: request.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length === 0 ? undefined : asText ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !asText,
  };
}
