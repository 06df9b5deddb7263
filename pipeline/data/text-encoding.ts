// Which text encoding a CSV's bytes are in, as exports really come: UTF-8 with or without
// a BOM, UTF-16 (Excel's "Unicode text") with or without one, or Windows-1252 (Excel and
// older tools in Western Europe: "Größe;München"). Decoded with node's TextDecoder,
// never with replacement characters in silence: bytes that are not valid in the chosen
// encoding stop the read. A spreadsheet or Parquet file passed by mistake is named.

export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type TextEncodingName = (typeof ENCODINGS)[number];

export class EncodingError extends Error {
  override name = 'EncodingError';
}

/** --encoding's value: the encodings above, with the names people type for them. */
export function parseEncodingOption(value: string): TextEncodingName | undefined {
  const name = value.trim().toLowerCase().replace(/_/g, '-');
  if (name === 'utf8' || name === 'utf-8') return 'utf-8';
  if (name === 'utf-16' || name === 'utf16' || name === 'utf-16le' || name === 'utf16le') return 'utf-16le';
  if (name === 'utf-16be' || name === 'utf16be') return 'utf-16be';
  if (['windows-1252', 'cp1252', 'latin1', 'latin-1', 'iso-8859-1', 'iso-8859-15'].includes(name)) return 'windows-1252';
  return undefined;
}

/** What a file is when its first bytes say it is not text: a spreadsheet, a Parquet file, an archive. */
function binaryKind(bytes: Uint8Array): string | undefined {
  const starts = (...magic: number[]) => magic.every((byte, i) => bytes[i] === byte);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a ZIP archive: an Excel workbook (.xlsx) or OpenDocument sheet (.ods) is one';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'an old Excel workbook (.xls)';
  if (starts(0x50, 0x41, 0x52, 0x31)) return 'a Parquet file';
  if (starts(0x1f, 0x8b)) return 'gzip-compressed (decompress it first: gunzip)';
  return undefined;
}

/** The encoding the bytes are in: a BOM says so; else UTF-16 by its zero bytes; else UTF-8 if they are valid UTF-8; else Windows-1252. */
export function detectEncoding(bytes: Uint8Array): TextEncodingName {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // Without a BOM, ASCII text in UTF-16 has a zero byte in every other place.
  const sample = Math.min(bytes.length, 4096) & ~1;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  if (sample >= 4 && oddZeros > 0.3 * (sample / 2) && evenZeros === 0) return 'utf-16le';
  if (sample >= 4 && evenZeros > 0.3 * (sample / 2) && oddZeros === 0) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * The file's text and the encoding it was read with (`forced`, or detected). Refuses a
 * binary file with what it is, and bytes the encoding cannot read with where they are.
 */
export function decodeText(bytes: Uint8Array, source: string, forced?: TextEncodingName): { text: string; encoding: TextEncodingName } {
  const binary = binaryKind(bytes);
  if (binary) throw new EncodingError(`${source} is ${binary}, not a CSV file; export it as CSV (in Excel: File › Save As › CSV UTF-8; in pandas: df.to_csv("file.csv", index=False))`);
  const encoding = forced ?? detectEncoding(bytes);
  try {
    // ignoreBOM false: a leading BOM is dropped, as it is no part of the header.
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
  } catch {
    const at = encoding === 'utf-8' ? firstInvalidUtf8(bytes) : undefined;
    throw new EncodingError(`${source}: the bytes are not valid ${encoding}${at === undefined ? '' : ` (byte ${at} of line ${lineOf(bytes, at)})`}; pass --encoding with the file's encoding (utf-8, utf-16, windows-1252)`);
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let low = 0;
  let high = bytes.length;
  // The longest valid prefix, by bisection (a decode is linear; this takes log n of them).
  while (high - low > 4) {
    const middle = (low + high) >> 1;
    try {
      // stream: a prefix may end inside a character; only a byte that cannot start or continue one fails.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle;
    }
  }
  return low < bytes.length ? low : undefined;
}

function lineOf(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
