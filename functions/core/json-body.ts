import { NON_FINITE_PREFIX } from '../../pipeline/artifact/validation-issues.ts';

export type BodyResult = { ok: true; value: unknown } | { ok: false; message: string };

// Made on first use: Lambda hands bodies over as strings, so its cold start never needs one.
let utf8: InstanceType<typeof TextDecoder> | undefined;

/**
 * Bytes to a JSON value. A leading BOM is tolerated (RFC 8259 allows it). Python's
 * json.dumps and others write NaN and Infinity as bare words, which is not JSON; rather
 * than a bare "malformed JSON", such a body is re-read with those words as markers so
 * that validation can name the exact field that carries them.
 */
export function parseJsonBody(body: Uint8Array | string): BodyResult {
  const decoded = decodeBody(body);
  if (!decoded.ok) return decoded;
  let text = decoded.text;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: false, message: 'the request body is empty; send a JSON object' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const marked = markNonFiniteWords(text);
    if (marked !== undefined) {
      try {
        return { ok: true, value: JSON.parse(marked) };
      } catch {
        // not only NaN/Infinity: report the original error below
      }
    }
    return { ok: false, message: `the request body is not valid JSON (${(error as Error).message})` };
  }
}

/** The body as text: bytes must be valid UTF-8. */
export function decodeBody(body: Uint8Array | string): { ok: true; text: string } | { ok: false; message: string } {
  if (typeof body === 'string') return { ok: true, text: body };
  try {
    return { ok: true, text: (utf8 ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })).decode(body) };
  } catch {
    return { ok: false, message: 'the request body is not valid UTF-8' };
  }
}

/** Replaces bare NaN / Infinity / -Infinity outside strings by marker strings; undefined if there are none. */
function markNonFiniteWords(text: string): string | undefined {
  let result = '';
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      continue;
    }
    const match = /^(-?Infinity|NaN)/.exec(text.slice(i, i + 9));
    if (match) {
      result += text.slice(copiedUpTo, i) + JSON.stringify(NON_FINITE_PREFIX + match[1]);
      i += match[1].length - 1;
      copiedUpTo = i + 1;
    }
  }
  return copiedUpTo === 0 ? undefined : result + text.slice(copiedUpTo);
}
