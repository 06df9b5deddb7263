// The zod/mini building blocks every model schema shares. Built once: each schema made
// costs cold-start time, so families reuse these instead of building their own.
import * as z from 'zod/mini';

export const number = z.number();
export const text = z.string();
export const numbers = z.array(number);
export const texts = z.array(text);
export const numberRows = z.array(numbers);
