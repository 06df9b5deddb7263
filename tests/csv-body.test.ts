import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsvText } from '../functions/core/csv-body.ts';

test('text/csv bodies: quoted fields with commas, doubled quotes and line breaks; CRLF, a BOM, blank lines, no final newline', () => {
  assert.deepEqual(parseCsvText('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",\n3,4'), {
    ok: true,
    records: [
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\nlines', ''],
      ['3', '4'],
    ],
  });
  assert.deepEqual(parseCsvText(''), { ok: true, records: [] });
});

test('broken quoting is refused with its line', () => {
  assert.deepEqual(parseCsvText('a,b\n1,"2\n3,4\n'), { ok: false, message: 'line 2: a quoted field is never closed' });
  assert.deepEqual(parseCsvText('a,b\n1,2"x\n'), { ok: false, message: 'line 2: a quote inside an unquoted field; quote the whole field and double the quote ("")' });
});
