// The pickle machine's operand readers and container updates (pickle-vm.ts).
import type { ByteReader } from './byte-reader.ts';
import { ModelImportError } from './import-error.ts';
import { PyDict, type PyValue } from './py-values.ts';

/** Bytes of one Python int (LONG4): far past any model's integers. */
const MAX_LONG_BYTES = 4096;

type Corrupt = (what: string) => Error;

/** LONG1 / LONG4: n bytes of little-endian two's complement. */
export function readLong(reader: ByteReader, n: number): bigint {
  if (n > MAX_LONG_BYTES) {
    reader.need(n, 'an integer');
    throw new ModelImportError(`an integer of ${n} bytes at byte ${reader.pos} is larger than any model holds`);
  }
  const raw = reader.take(n, 'an integer');
  if (n === 0) return 0n;
  let hex = '';
  for (let i = n - 1; i >= 0; i--) hex += raw[i].toString(16).padStart(2, '0');
  let value = BigInt(`0x${hex}`);
  if (raw[n - 1] & 0x80) value -= 1n << BigInt(8 * n);
  return value;
}

export function parseIntLine(line: string, corrupt: Corrupt): bigint {
  if (!/^[+-]?\d{1,4000}$/.test(line)) throw corrupt('an INT that is not an integer');
  return BigInt(line);
}

export function parseIndex(line: string, corrupt: Corrupt): number {
  if (!/^\d{1,15}$/.test(line)) throw corrupt('a memo index that is not a number');
  return Number(line);
}

export function listOf(value: PyValue, corrupt: Corrupt): PyValue[] {
  if (!Array.isArray(value)) throw corrupt('APPEND on something that is not a list');
  return value;
}

export function setItems(target: PyValue, items: PyValue[], corrupt: Corrupt): void {
  if (!(target instanceof PyDict)) throw corrupt('SETITEM on something that is not a dict');
  if (items.length % 2 !== 0) throw corrupt('a dict with a key and no value');
  for (let i = 0; i < items.length; i += 2) target.map.set(items[i], items[i + 1]);
}
