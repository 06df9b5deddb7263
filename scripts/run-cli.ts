// The ending every small command shares: a bad flag is a usage error (exit 2), an error
// the user can cause is one line on stderr (exit 1), anything else is a bug and throws.
import { printErr } from './terminal.ts';
export function runCli(name: string, usage: string, main: (argv: string[]) => number, userErrors: readonly (new (...args: never[]) => Error)[]): void {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      printErr(`${(error as Error).message}\n${usage}\n`);
      process.exit(2);
    }
    if (!userErrors.some((kind) => error instanceof kind)) throw error;
    printErr(`${name}: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
