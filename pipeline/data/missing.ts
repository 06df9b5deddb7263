// Cells that mean "no value", as pandas' read_csv treats its na_values: an empty cell
// always, and these markers unless --na gives others. Matched after trimming spaces,
// case-insensitively (so NULL, Null and null alike).
export const DEFAULT_NA_MARKERS: readonly string[] = ['NA', 'N/A', 'NaN', 'null', '?'];

export type MissingTest = (cell: string) => boolean;

export function missingTest(markers: readonly string[] = DEFAULT_NA_MARKERS): MissingTest {
  const set = new Set(markers.map((marker) => marker.trim().toLowerCase()));
  set.add('');
  return (cell) => set.has(cell.trim().toLowerCase());
}
