// A text/csv request body (RFC 4180: comma-separated, quoted fields with "" for a quote,
// CRLF or LF), as MLflow's scoring server accepts one. Hand-written because the body is
// already bounded by MAX_BODY_BYTES and a CSV library would add ~20 KB to every archive.
export type CsvResult = { ok: true; records: string[][] } | { ok: false; message: string };

export function parseCsvText(text: string): CsvResult {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    record.push(field);
    // A blank line is no record (pandas skips them too).
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
    field = '';
  };
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
      i++;
      continue;
    }
    if (char === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    }
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      endRecord();
      line++;
      if (char === '\r' && text[i + 1] === '\n') i++;
    } else if (char === '"') return { ok: false, message: `line ${line}: a quote inside an unquoted field; quote the whole field and double the quote ("")` };
    else field += char;
    i++;
  }
  if (quoted) return { ok: false, message: `line ${quoteLine}: a quoted field is never closed` };
  if (field !== '' || record.length > 0) endRecord();
  return { ok: true, records };
}
