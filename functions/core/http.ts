/** What every adapter turns its platform's request into: header names lower-cased. */
export interface CoreRequest {
  method: string;
  path: string;
  headers: Readonly<Record<string, string | undefined>>;
  body: Uint8Array | string | undefined;
  /** The platform's own id for the request, used when the client sent no x-request-id. */
  platformRequestId?: string;
}

export interface CoreResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

/** Folds a platform's header map (any case, possibly multi-valued) into lower-case single values. */
export function normalizeHeaders(headers: Record<string, unknown> | null | undefined): Record<string, string> {
  const result: Record<string, string> = Object.create(null);
  if (headers === null || typeof headers !== 'object') return result;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    const text = Array.isArray(value) ? value.filter((item) => typeof item === 'string').join(', ') : typeof value === 'string' ? value : undefined;
    if (text === undefined) continue;
    const key = name.toLowerCase();
    result[key] = key in result ? `${result[key]}, ${text}` : text;
  }
  return result;
}

export const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};
