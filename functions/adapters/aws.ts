// AWS Lambda adapter: API Gateway REST (payload 1.0), HTTP API and Function URLs
// (payload 2.0), ALB targets, and direct invocations whose event is the body itself.
import type { Context } from 'aws-lambda';
import { STATUS_TEXT, normalizeHeaders, type CoreRequest, type CoreResponse } from '../core/http.ts';
import type { PredictionService } from '../core/service.ts';

type EventKind = 'rest' | 'http-v2' | 'alb';
type LambdaHandler = (event: unknown, context?: Partial<Context>) => Promise<unknown>;

interface HttpEventFields {
  httpMethod?: unknown;
  path?: unknown;
  rawPath?: unknown;
  version?: unknown;
  headers?: unknown;
  multiValueHeaders?: unknown;
  body?: unknown;
  isBase64Encoded?: unknown;
  requestContext?: { elb?: unknown; http?: { method?: unknown }; requestId?: unknown; stage?: unknown } | null;
}

const HTTP_EVENT_KEYS = ['requestContext', 'httpMethod', 'rawPath', 'routeKey'];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function createLambdaHandler(service: PredictionService): LambdaHandler {
  return async (event, context) => {
    const fromPlatform = typeof context?.awsRequestId === 'string' ? context.awsRequestId : undefined;
    if (event === null || typeof event !== 'object' || Array.isArray(event) || !HTTP_EVENT_KEYS.some((key) => key in event)) {
      // `aws lambda invoke --payload '{"sepal_length": ...}'`, Redshift, Step Functions: the event is the request body.
      const outcome = service.predictValue(event, fromPlatform);
      // An engine that takes a refusal as the invocation's error (Step Functions' Catch) gets it thrown.
      if (outcome.thrown) throw outcome.thrown;
      return outcome.body;
    }
    const fields = event as HttpEventFields;
    const kind = eventKind(fields);
    const request = toCoreRequest(fields, kind, fromPlatform);
    const response = typeof request === 'string' ? service.rejectMalformedEvent(request, fromPlatform) : service.handle(request);
    return toLambdaResult(response, kind, isObject(fields.multiValueHeaders));
  };
}

function eventKind(event: HttpEventFields): EventKind {
  const context = isObject(event.requestContext) ? event.requestContext : undefined;
  if (context && 'elb' in context) return 'alb';
  if (event.version === '2.0' || (context && isObject(context.http))) return 'http-v2';
  return 'rest';
}

/** A CoreRequest, or what is wrong with an event too broken to be one. */
function toCoreRequest(event: HttpEventFields, kind: EventKind, fromPlatform: string | undefined): CoreRequest | string {
  const context = isObject(event.requestContext) ? event.requestContext : {};
  const method = kind === 'http-v2' && isObject(context.http) ? context.http.method : event.httpMethod;
  if (typeof method !== 'string' || method === '') return 'event without an HTTP method';

  const rawPath = kind === 'http-v2' ? event.rawPath : event.path;
  let path = typeof rawPath === 'string' ? rawPath : '/';
  // HTTP API puts a named stage in front of the route (/prod/health); the route is what matters.
  const stage = typeof context.stage === 'string' && context.stage !== '$default' ? `/${context.stage}` : undefined;
  if (kind === 'http-v2' && stage && (path === stage || path.startsWith(`${stage}/`))) path = path.slice(stage.length) || '/';

  const headers = normalizeHeaders((isObject(event.multiValueHeaders) ? event.multiValueHeaders : event.headers) as Record<string, unknown> | undefined);
  let body: Uint8Array | string | undefined = typeof event.body === 'string' ? event.body : undefined;
  if (body !== undefined && event.isBase64Encoded === true) {
    const compact = body.replace(/\s/g, '');
    if (compact.length % 4 === 1 || !BASE64.test(compact)) return 'body marked isBase64Encoded is not valid base64';
    body = Buffer.from(compact, 'base64');
  }
  const requestId = typeof context.requestId === 'string' ? context.requestId : fromPlatform;
  return { method, path, headers, body, platformRequestId: requestId };
}

function toLambdaResult(response: CoreResponse, kind: EventKind, multiValue: boolean) {
  const result: Record<string, unknown> = { statusCode: response.status };
  if (kind === 'alb') result.statusDescription = `${response.status} ${STATUS_TEXT[response.status] ?? ''}`.trim();
  if (multiValue) {
    result.multiValueHeaders = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, [value]]));
  } else {
    result.headers = response.headers;
  }
  result.body = response.body;
  result.isBase64Encoded = false;
  return result;
}

function isObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
