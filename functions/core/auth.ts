import { lazyCrypto } from './lazy-crypto.ts';

/**
 * Compares the presented key with the configured one in constant time. Both are
 * hashed first so that timingSafeEqual gets equal lengths and the key's length does
 * not leak either.
 */
export function createKeyCheck(expected: string): (headers: Readonly<Record<string, string | undefined>>) => boolean {
  const { createHash, timingSafeEqual } = lazyCrypto();
  const expectedDigest = createHash('sha256').update(expected).digest();
  const matches = (candidate: string | undefined) =>
    candidate !== undefined && timingSafeEqual(createHash('sha256').update(candidate).digest(), expectedDigest);
  return (headers) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
    // Evaluate both so the time taken does not say which header was tried.
    const byHeader = matches(headers['x-api-key']);
    const byBearer = matches(bearer);
    return byHeader || byBearer;
  };
}
