/** Settings read from the function's environment once, at cold start. */
export interface ServiceConfig {
  /** When set, every request except health checks and CORS preflights must carry it. */
  apiKey: string | undefined;
  /** `'*'`, a list of allowed origins, or undefined for no CORS headers at all. */
  corsOrigins: '*' | string[] | undefined;
  maxBodyBytes: number;
  maxBatch: number;
  /** The largest answer a request may get (Lambda refuses responses over 6 MB): rows × classes are bounded by it. */
  maxAnswerBytes: number;
  /** Lambda only: serve invocations that are not HTTP events (they carry no key) even when API_KEY is set. */
  allowDirectInvocation: boolean;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_BATCH = 1000;
/** 5 MiB: under Lambda's 6 MB response limit, with room for the HTTP envelope. */
export const DEFAULT_MAX_ANSWER_BYTES = 5 * 1024 * 1024;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * A misconfigured deployment should fail at cold start with a message naming the
 * variable, not answer every request with a puzzling default.
 */
export function readConfig(env: Record<string, string | undefined>): ServiceConfig {
  return {
    apiKey: apiKey(env.API_KEY),
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
    maxBodyBytes: positiveInteger(env, 'MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES),
    maxBatch: positiveInteger(env, 'MAX_BATCH', DEFAULT_MAX_BATCH),
    maxAnswerBytes: positiveInteger(env, 'MAX_ANSWER_BYTES', DEFAULT_MAX_ANSWER_BYTES),
    allowDirectInvocation: flag(env, 'ALLOW_DIRECT_INVOCATION'),
  };
}

/**
 * An empty API_KEY would silently turn authentication off, and one read from a file
 * with its newline would make every request 401: both stop the instance at cold
 * start instead, with the variable named (the value never is).
 */
function apiKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === '') throw new ConfigError('API_KEY is set but empty; unset it to serve without a key, or give it a value');
  if (value.trim() !== value) throw new ConfigError('API_KEY begins or ends with whitespace (a newline from a file?); remove it');
  return value;
}

function parseOrigins(text: string | undefined): ServiceConfig['corsOrigins'] {
  if (text === undefined || text.trim() === '') return undefined;
  const origins = text.split(',').map((origin) => origin.trim()).filter(Boolean);
  if (origins.includes('*')) return '*';
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com (scheme and host, no path), or *`);
    }
  }
  return origins;
}

function flag(env: Record<string, string | undefined>, name: string): boolean {
  const text = (env[name] ?? '').trim().toLowerCase();
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function positiveInteger(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(`${name} must be a positive whole number, got "${text}"`);
  }
  return value;
}
