// A cursor over the file's bytes that never reads past the end: every length the
// file declares is checked against the bytes left before anything is allocated.
import { ModelImportError } from './import-error.ts';
import { formatBytes } from './numpy-array.ts';

export class ByteReader {
  pos = 0;
  private readonly view: DataView;
  readonly bytes: Uint8Array;

  constructor(input: Uint8Array) {
    // A plain Uint8Array view: a Node Buffer's slice() shares memory instead of copying.
    this.bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  }

  get left(): number {
    return this.bytes.length - this.pos;
  }

  /** Refuses a declared length the rest of the file cannot hold. */
  need(n: number, what: string): void {
    if (n > this.left) {
      if (this.left === 0 || n <= 16) throw this.truncated();
      throw new ModelImportError(`${what} declares ${formatBytes(n)} at byte ${this.pos} but the file has only ${formatBytes(this.left)} left: it is truncated or not a real model file`);
    }
  }

  truncated(): ModelImportError {
    return new ModelImportError(`the file ends at byte ${this.bytes.length} in the middle of the pickle: it is truncated`);
  }

  u8(): number {
    if (this.pos >= this.bytes.length) throw this.truncated();
    return this.bytes[this.pos++];
  }

  u16(): number {
    this.need(2, 'a number');
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4, 'a number');
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32(): number {
    this.need(4, 'a number');
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** An 8-byte length; past 2^53 no file can hold it anyway. */
  u64(): number {
    this.need(8, 'a length');
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  }

  f64be(): number {
    this.need(8, 'a float');
    const v = this.view.getFloat64(this.pos, false);
    this.pos += 8;
    return v;
  }

  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A text line (protocol 0's GLOBAL, INT, PUT...), newline excluded; bounded. */
  line(): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw this.truncated();
    if (end - this.pos > 4096) throw new ModelImportError(`a text field at byte ${this.pos} is longer than 4096 bytes`);
    const text = Buffer.from(this.bytes.subarray(this.pos, end)).toString('utf8');
    this.pos = end + 1;
    return text;
  }
}
