// What the commands print goes through here: a column name, a category, a label or an
// error message can come from a CSV, a run record or an endpoint's answer, and a control
// character in it (ESC [2J, an OSC title sequence, a bidi override) must not reach the
// terminal as one. Such characters are shown as escapes (\x1b, \u202e) instead.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_AND_BREAKS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escape(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with control characters escaped; line breaks and tabs kept (`inline`: escaped too, for a table cell). */
export function printable(text: string, inline = false): string {
  return text.replace(inline ? CONTROLS_AND_BREAKS : CONTROLS, escape);
}

export function printOut(text: string): void {
  process.stdout.write(printable(text));
}

export function printErr(text: string): void {
  process.stderr.write(printable(text));
}
