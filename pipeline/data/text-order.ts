// Text in Python's order (sorted(), np.unique on str): by Unicode code point. JavaScript's
// `<` compares UTF-16 code units, which differs once a character above U+FFFF (an emoji,
// a rare CJK character, stored as a surrogate pair) meets one from U+E000 to U+FFFF.
// Categories, class labels and most-frequent ties are ordered with this.

/** The code unit's rank in code point order: surrogates (above U+FFFF) after U+E000–U+FFFF. */
function rank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

/** Negative, 0 or positive as `a` sorts before, with or after `b` by code point. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}
