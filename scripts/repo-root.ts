import { fileURLToPath } from 'node:url';

/** The kit's folder, with a trailing slash; a file path, so spaces and the like survive. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
