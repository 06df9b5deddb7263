// The zod/mini building blocks every model schema shares. Built once: each schema made
// costs cold-start time, so families reuse these instead of building their own.
import * as z from 'zod/mini';

export const number = z.number();
export const text = z.string();
export const texts = z.array(text);

// A forest or KNN's rows hold thousands of numbers: zod's array of numbers checks each
// through its issue machinery and copies the array, which took several milliseconds of
// a forest's cold start. These check with one loop and pass the array through; a
// failure is located element by element in validation-issues.ts.
export const NUMBERS_ISSUE = 'expected a list of numbers';
export const NUMBER_ROWS_ISSUE = 'expected a list of lists of numbers';

export function isNumbers(value: unknown): value is number[] {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (typeof item !== 'number' || !Number.isFinite(item)) return false;
  return true;
}

export const numbers = z.custom<number[]>(isNumbers, NUMBERS_ISSUE);
export const numberRows = z.custom<number[][]>((value) => Array.isArray(value) && value.every(isNumbers), NUMBER_ROWS_ISSUE);
