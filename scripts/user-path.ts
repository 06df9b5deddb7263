import { resolve } from 'node:path';

/** A path the user typed, relative to the folder they ran the command from (npm runs scripts from the repository root, and says where the user was in INIT_CWD). */
export function fromUser(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
