// node:util's parseArgs, with one difference a user expects: a flag's value may begin
// with "-" (`--na -999`, `--delimiter -`). parseArgs refuses such a value as ambiguous,
// so a string flag followed by a word that is not itself one of the flags is joined
// into `--flag=value` first. Every command parses its flags through here.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export function parseFlags<T extends ParseArgsConfig & { args: string[] }>(config: T): ReturnType<typeof parseArgs<T>> {
  const options = config.options ?? {};
  const takesValue = new Set<string>();
  const known = new Set<string>();
  for (const [name, option] of Object.entries(options)) {
    known.add(`--${name}`);
    if (option.short) known.add(`-${option.short}`);
    if (option.type === 'string') {
      takesValue.add(`--${name}`);
      if (option.short) takesValue.add(`-${option.short}`);
    }
  }
  const args: string[] = [];
  for (let i = 0; i < config.args.length; i++) {
    const arg = config.args[i];
    const next = config.args[i + 1];
    if (arg === '--') {
      for (let rest = i; rest < config.args.length; rest++) args.push(config.args[rest]);
      break;
    }
    if (takesValue.has(arg) && next !== undefined && next.startsWith('-') && !known.has(next.split('=')[0]) && next !== '--') {
      args.push(`${arg}=${next}`);
      i++;
    } else {
      args.push(arg);
    }
  }
  return parseArgs({ ...config, args });
}
