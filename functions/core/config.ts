/** Settings read from the function's environment once, at cold start. */
export interface ServiceConfig {
  /** When set, every request except health checks and CORS preflights must carry it. */
  apiKey: string | undefined;
  /** `'*'`, a list of allowed origins, or undefined for no CORS headers at all. */
  corsOrigins: '*' | string[] | undefined;
  maxBodyBytes: number;
  maxBatch: number;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_BATCH = 1000;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * A misconfigured deployment should fail at cold start with a message naming the
 * variable, not answer every request with a puzzling default.
 */
export function readConfig(env: Record<string, string | undefined>): ServiceConfig {
  return {
    apiKey: env.API_KEY === undefined || env.API_KEY === '' ? undefined : env.API_KEY,
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
    maxBodyBytes: positiveInteger(env, 'MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES),
    maxBatch: positiveInteger(env, 'MAX_BATCH', DEFAULT_MAX_BATCH),
  };
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

function positiveInteger(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(`${name} must be a positive whole number, got "${text}"`);
  }
  return value;
}
