import { existsSync } from 'node:fs';

/** The function's settings, carried from the deploying shell's environment when set. */
export const FUNCTION_SETTINGS = ['API_KEY', 'CORS_ORIGINS', 'MAX_BATCH', 'MAX_BODY_BYTES', 'MAX_ANSWER_BYTES'] as const;

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(FUNCTION_SETTINGS.filter((name) => env[name]).map((name) => [name, env[name] as string]));
}

/** Settings as a deploy plan shows them: `NAME=value`, the API key only as `(set)`. */
export function describeSettings(variables: Record<string, string>): string {
  return Object.entries(variables).map(([name, value]) => (name === 'API_KEY' ? `${name}=(set)` : `${name}=${value}`)).join(' ') || '(none)';
}

/** Whether a command is on PATH. */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(`${dir}/${command}`));
}

/** A command line as it would be typed, each argument quoted when the shell needs it. */
export function shellLine(args: string[]): string {
  return args.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`)).join(' ');
}
