// Which character separates the fields: the one that splits the first lines into the
// same number of fields, as Python's csv.Sniffer decides, among the four that real
// exports use (Excel in a European locale writes ";").
export const DELIMITERS = [',', ';', '\t', '|'] as const;

const SAMPLE_LINES = 20;

/** The delimiter of a CSV text, judged on its first lines; "," when nothing splits them. */
export function detectDelimiter(sample: string): string {
  const lines = fieldCounts(sample);
  let best: { delimiter: string; consistent: number; fields: number } = { delimiter: ',', consistent: -1, fields: 0 };
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => line.get(delimiter) ?? 0);
    const header = counts[0] ?? 0;
    if (header === 0) continue;
    const consistent = counts.filter((count) => count === header).length;
    if (consistent > best.consistent || (consistent === best.consistent && header > best.fields)) best = { delimiter, consistent, fields: header };
  }
  return best.delimiter;
}

/** How the delimiter is named in messages and flags. */
export function delimiterName(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : `"${delimiter}"`;
}

/** --delimiter's value: the character itself, or tab / \t. */
export function parseDelimiterOption(value: string): string | undefined {
  if (value === 'tab' || value === '\\t' || value === '\t') return '\t';
  if (value === 'comma') return ',';
  if (value === 'semicolon') return ';';
  if (value === 'pipe') return '|';
  return value.length === 1 && !/[\s"\r\n0-9A-Za-z]/.test(value) ? value : undefined;
}

/** Per record of the sample, how often each candidate occurs outside quotes. */
function fieldCounts(sample: string): Map<string, number>[] {
  const records: Map<string, number>[] = [];
  let current = new Map<string, number>();
  let inQuotes = false;
  let empty = true;
  for (let i = 0; i < sample.length && records.length < SAMPLE_LINES; i++) {
    const char = sample[i];
    if (char === '"') {
      inQuotes = !inQuotes;
      empty = false;
    } else if (!inQuotes && (char === '\n' || char === '\r')) {
      if (!empty) records.push(current);
      current = new Map();
      empty = true;
    } else {
      if (!inQuotes && (DELIMITERS as readonly string[]).includes(char)) current.set(char, (current.get(char) ?? 0) + 1);
      empty = false;
    }
  }
  // The last line of a cut-off sample may be partial: only used when it is the only one.
  if (!empty && records.length === 0) records.push(current);
  return records;
}
