// Python's repr of the values an estimator's parameters hold, as scikit-learn's
// printer shows them: 1.0 and 1 apart, 1e-05, 'text' in single quotes, (1,) tuples.
import { NdArray } from '../numpy-array.ts';
import { PyBytes, PyDict, PyGlobal, PyObject, PySet, PySlice, PyTuple, type PyValue } from '../py-values.ts';

/** repr(float): the shortest digits that round-trip, in Python's layout. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = x.toExponential().split('e');
  const exponent = Number(exp);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let text: string;
  if (exponent < -4 || exponent >= 16) {
    const rest = digits.slice(1);
    text = `${digits[0]}${rest ? `.${rest}` : ''}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  } else if (exponent < 0) {
    text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  } else if (digits.length <= exponent + 1) {
    text = `${digits}${'0'.repeat(exponent + 1 - digits.length)}.0`;
  } else {
    text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  }
  return negative ? `-${text}` : text;
}

export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** repr of any value; objects go through `objectRepr` (the estimator printer). */
export function pyRepr(value: PyValue, objectRepr: (obj: PyObject) => string): string {
  const r = (v: PyValue) => pyRepr(v, objectRepr);
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return floatRepr(value);
  if (typeof value === 'string') return strRepr(value);
  if (value instanceof PyTuple) return value.items.length === 1 ? `(${r(value.items[0])},)` : `(${value.items.map(r).join(', ')})`;
  if (Array.isArray(value)) return `[${value.map(r).join(', ')}]`;
  if (value instanceof PyDict) {
    // scikit-learn's printer sorts a dict's items.
    const entries = [...value.map].sort(([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
    return `{${entries.map(([k, v]) => `${r(k)}: ${r(v)}`).join(', ')}}`;
  }
  if (value instanceof PySet) return value.items.length === 0 ? (value.frozen ? 'frozenset()' : 'set()') : `{${value.items.map(r).join(', ')}}`;
  if (value instanceof PySlice) return `slice(${r(value.start)}, ${r(value.stop)}, ${r(value.step)})`;
  if (value instanceof PyBytes) return `b'${Buffer.from(value.data).toString('latin1')}'`;
  if (value instanceof PyGlobal) return /^[A-Z]/.test(value.name) || value.module === 'numpy' ? `<class '${value.qualified}'>` : `<function ${value.name}>`;
  if (value instanceof NdArray) {
    const items = Array.from(value.data as ArrayLike<PyValue>, (v) => r(typeof v === 'number' && value.dtype.kind !== 'f' ? BigInt(v) : v));
    return `array([${items.join(', ')}])`;
  }
  if (value instanceof PyObject) return objectRepr(value);
  return String(value);
}
