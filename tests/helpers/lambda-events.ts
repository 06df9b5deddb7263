import { readFileSync } from 'node:fs';

// Real AWS sample events (see tests/fixtures/lambda-events/PROVENANCE.md), copied
// from ../shared so the tests run without it.
const FILES = {
  rest: 'apigw-request.json',
  'http-v2': 'apigw-v2-request-no-authorizer.json',
  alb: 'alb-lambda-target-request-headers-only.json',
} as const;

export type AwsEventName = keyof typeof FILES;

export interface EventChanges {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  base64?: boolean;
  /** More request headers, set as each event kind carries them. */
  headers?: Record<string, string>;
}

export function loadAwsEvent(name: AwsEventName): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`../fixtures/lambda-events/${FILES[name]}`, import.meta.url), 'utf8'));
}

/** The AWS sample event with only method, path, body and content type swapped in; the rest as AWS wrote it. */
export function awsEvent(name: AwsEventName, changes: EventChanges): Record<string, any> {
  const event = loadAwsEvent(name);
  const setContentType = (headers: Record<string, unknown>, multi: boolean) => {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-type') delete headers[key];
    // HTTP API lower-cases header names; REST and ALB keep the client's spelling.
    const headerName = name === 'http-v2' ? 'content-type' : 'Content-Type';
    if (changes.contentType !== undefined) headers[headerName] = multi ? [changes.contentType] : changes.contentType;
  };
  if (name === 'http-v2') {
    event.requestContext.http.method = changes.method;
    event.requestContext.http.path = changes.path;
    event.rawPath = changes.path;
  } else {
    event.httpMethod = changes.method;
    event.path = changes.path;
  }
  if (event.headers) setContentType(event.headers, false);
  if (event.multiValueHeaders) setContentType(event.multiValueHeaders, true);
  for (const [header, value] of Object.entries(changes.headers ?? {})) {
    if (event.headers) event.headers[header] = value;
    if (event.multiValueHeaders) event.multiValueHeaders[header] = [value];
  }
  if (changes.body === undefined) delete event.body;
  else event.body = changes.body;
  if (changes.base64 !== undefined || 'isBase64Encoded' in event) event.isBase64Encoded = changes.base64 ?? false;
  return event;
}
