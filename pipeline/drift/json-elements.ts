// Streams the objects of a large JSON document one at a time, without holding the document:
// the elements of a top-level array (`gcloud logging read --format=json`), or of the array
// under one key of a top-level object (`aws logs filter-log-events --output json`:
// {"events": [...], ...}). Each element comes out as its JSON text, for JSON.parse.

export type ElementPath = { kind: 'array' } | { kind: 'key'; key: string };

export class JsonElementScanner {
  private readonly stack: string[] = []; // '{' or '[' per open container
  private inString = false;
  private escape = false;
  private keyParts: string[] | null = null; // a string being read at depth 1 of the top object
  private lastString = '';
  private key = ''; // the key whose value is being read at depth 1
  private arrayIsTarget = false;
  private element: string[] | null = null;
  private elementStart = -1;

  constructor(private readonly path: ElementPath) {}

  /** Feeds the next piece of text; returns the elements completed within it. */
  push(text: string): string[] {
    const done: string[] = [];
    let keyStart = this.keyParts ? 0 : -1;
    if (this.element) this.elementStart = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (ch === 92 /* \ */) this.escape = true;
        else if (ch === 34 /* " */) {
          this.inString = false;
          if (this.keyParts) {
            this.keyParts.push(text.slice(keyStart, i));
            this.lastString = this.keyParts.join('');
            this.keyParts = null;
            keyStart = -1;
          }
        }
        continue;
      }
      switch (ch) {
        case 34:
          this.inString = true;
          if (this.stack.length === 1 && this.stack[0] === '{' && !this.element) {
            this.keyParts = [];
            keyStart = i + 1;
          }
          break;
        case 58 /* : */:
          if (this.stack.length === 1) this.key = this.lastString;
          break;
        case 123 /* { */:
        case 91 /* [ */: {
          const depth = this.stack.length;
          if (ch === 123 && !this.element && this.arrayIsTarget && this.isTargetDepth(depth)) {
            this.element = [];
            this.elementStart = i;
          }
          if (ch === 91 && !this.element) {
            if (this.path.kind === 'array' && depth === 0) this.arrayIsTarget = true;
            if (this.path.kind === 'key' && depth === 1 && this.stack[0] === '{' && this.key === this.path.key) this.arrayIsTarget = true;
          }
          this.stack.push(ch === 123 ? '{' : '[');
          break;
        }
        case 125 /* } */:
        case 93 /* ] */: {
          this.stack.pop();
          const depth = this.stack.length;
          if (this.element && ch === 125 && this.isTargetDepth(depth)) {
            this.element.push(text.slice(this.elementStart, i + 1));
            done.push(this.element.join(''));
            this.element = null;
            this.elementStart = -1;
          } else if (ch === 93 && this.arrayIsTarget && this.isTargetDepth(depth + 1)) this.arrayIsTarget = false;
          break;
        }
      }
    }
    if (this.keyParts && keyStart >= 0) this.keyParts.push(text.slice(keyStart));
    if (this.element && this.elementStart >= 0) this.element.push(text.slice(this.elementStart));
    return done;
  }

  /** The depth at which the target array's elements open (the array's own depth + 1). */
  private isTargetDepth(depth: number): boolean {
    return depth === (this.path.kind === 'array' ? 1 : 2);
  }

  /** True once the document's outermost value has closed. */
  get complete(): boolean {
    return this.stack.length === 0 && !this.inString;
  }
}
