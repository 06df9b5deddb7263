// pipeline/models/exp.ts: e^x by fdlibm's algorithm from + - * / alone, so that every engine
// gives the same bits (Math.exp differs between Node 20's V8 and Chromium's). Against the exact
// value (BigInt arithmetic): within one ulp, and the special values as Math.exp gives them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exp } from '../pipeline/models/exp.ts';

/** e^x to 2^-200 relative for |x| < 800, by argument halving and a Taylor series in fixed point. */
function exactExp(x: number): number {
  const SCALE = 400n;
  const ONE = 1n << SCALE;
  // x as a fixed-point BigInt (x is a double: its exact value is m·2^e).
  const [m, e] = (() => { let f = x, e2 = 0; while (!Number.isInteger(f)) { f *= 2; e2--; } return [BigInt(f), e2]; })();
  let v = e >= 0 ? (m << BigInt(e)) << SCALE : (m << SCALE) >> BigInt(-e);
  let halvings = 0;
  while ((v < 0n ? -v : v) > ONE >> 4n) { v >>= 1n; halvings++; }
  let sum = ONE, term = ONE;
  for (let n = 1n; n < 60n; n++) { term = (term * v) / (ONE * n); sum += term; }
  for (let h = 0; h < halvings; h++) sum = (sum * sum) >> SCALE;
  // To a double: sum's top 60 bits, rounded once to 53.
  const shift = BigInt(Math.max(0, sum.toString(2).length - 60));
  return Number(sum >> shift) * 2 ** (Number(shift) - Number(SCALE));
}

const ulp = (value: number) => { const a = Math.abs(value); if (a === 0) return Number.MIN_VALUE; const e = Math.floor(Math.log2(a)); return 2 ** (Math.max(e, -1022) - 52); };

test('within one ulp of e^x across the range, and exactly 1 + x for tiny x', () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 2000; i++) {
    const x = i % 2 === 0 ? (next() - 0.5) * 80 : (next() - 0.5) * 3;
    const exact = exactExp(x);
    assert.ok(Math.abs(exp(x) - exact) <= ulp(exact), `exp(${x}) = ${exp(x)}, e^x = ${exact}`);
  }
  assert.equal(exp(1e-12), 1 + 1e-12);
  assert.equal(exp(1), Math.E);
});

test('the special values: 0, ±Infinity, NaN, overflow and underflow, as Math.exp gives them', () => {
  for (const x of [0, -0, Infinity, -Infinity, NaN, 709.782712893384, 709.8, -745.1332191019412, -746, -708.5, 700, -700]) {
    assert.ok(Object.is(exp(x), Math.exp(x)) || Math.abs(exp(x) - Math.exp(x)) <= ulp(Math.exp(x)), `exp(${x}) = ${exp(x)}, Math.exp: ${Math.exp(x)}`);
  }
  assert.equal(exp(-Infinity), 0);
  assert.equal(exp(710), Infinity);
});

test('on Node 20 (V8 11, fdlibm), the same bits as Math.exp', { skip: process.versions.v8.startsWith('11.') ? false : 'Math.exp here is not fdlibm\'s' }, () => {
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 200_000; i++) {
    const x = (next() - 0.5) * (i % 3 === 0 ? 1500 : 4);
    assert.ok(Object.is(exp(x), Math.exp(x)), `exp(${x}) = ${exp(x)}, Math.exp: ${Math.exp(x)}`);
  }
});
