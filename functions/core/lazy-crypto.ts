import type * as Crypto from 'node:crypto';

/**
 * node:crypto adds ~6 ms to a cold start (OpenSSL set-up), more than the rest of the
 * function. Most requests never need it (platforms supply request ids, and API keys
 * are optional), so it is loaded on first use rather than at import.
 */
export function lazyCrypto(): typeof Crypto {
  return process.getBuiltinModule('node:crypto');
}
