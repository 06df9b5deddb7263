// Dates and date-times as CSVs write them in ISO 8601 (2012-01-01, 2012-01-01T13:45:00Z,
// 2012-01-01 13:45), read into the numbers a model can use: year, month, day of the
// month, day of the week (0 = Monday, as pandas' dt.dayofweek), the hour when times are
// given, and the day of the year as a point on a circle (its sine and cosine, so that
// 31 December sits next to 1 January for a linear model). Read as the wall clock the
// text shows: an offset (Z, +02:00) is accepted and does not shift the hour, so a
// weather station's 13:45 is afternoon wherever the file was written. One module for
// training (data/csv.ts), the encoder and the functions' request checks. Bundled.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_MS = 86_400_000;

export interface ParsedDate {
  /** Milliseconds since 1970-01-01 of the wall-clock time as written (offsets ignored). */
  epoch: number;
  hasTime: boolean;
}

/** The date a cell or a request holds, or undefined when it is not an ISO 8601 date (or not a real day: 2015-02-30). */
export function parseIsoDate(text: string): ParsedDate | undefined {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const epoch = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 30 February over into March: a day that does not exist is not a date.
  if (new Date(epoch).getUTCDate() !== day) return undefined;
  return { epoch, hasTime: h !== undefined };
}

/** Names of the numbers a date becomes, in order (the hour only for date-times). */
export function dateFeatureNames(hasTime: boolean): string[] {
  return hasTime ? ['year', 'month', 'day', 'weekday', 'hour', 'season_sin', 'season_cos'] : ['year', 'month', 'day', 'weekday', 'season_sin', 'season_cos'];
}

/** Writes a date's numbers (dateFeatureNames) at `out[at…]`. */
export function writeDateFeatures(epoch: number, hasTime: boolean, out: Float64Array, at: number): void {
  const date = new Date(epoch);
  const year = date.getUTCFullYear();
  const start = Date.UTC(year, 0, 1);
  const daysInYear = (Date.UTC(year + 1, 0, 1) - start) / DAY_MS;
  const angle = (2 * Math.PI * Math.floor((epoch - start) / DAY_MS)) / daysInYear;
  out[at++] = year;
  out[at++] = date.getUTCMonth() + 1;
  out[at++] = date.getUTCDate();
  out[at++] = (date.getUTCDay() + 6) % 7;
  if (hasTime) out[at++] = date.getUTCHours();
  out[at++] = Math.sin(angle);
  out[at] = Math.cos(angle);
}

/** A wall-clock epoch as ISO 8601 text: the date, and the time when it has one. */
export function formatIsoDate(epoch: number, hasTime: boolean): string {
  const text = new Date(epoch).toISOString();
  return hasTime ? text.slice(0, 19) : text.slice(0, 10);
}
