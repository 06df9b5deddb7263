import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArtifactError, parseArtifact, type Artifact } from './artifact.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { verifyModelVersion } from './model-version.ts';

export const DEFAULT_ARTIFACT_PATH = fileURLToPath(new URL('../../artifacts/model.json', import.meta.url));

export function serializeArtifact(artifact: Artifact): string {
  return `${JSON.stringify(artifact, null, 2)}\n`;
}

export function writeArtifactFile(path: string, artifact: Artifact): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, serializeArtifact(artifact));
}

/** Reads and fully validates an artifact, edits included; every failure names the file and what is wrong. */
export function readArtifactFile(path: string): Artifact {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'ENOENT' ? 'no such file; run `npm run train` to create it' : `cannot read it (${code})`;
    throw new ArtifactError(`${path}: ${hint}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ArtifactError(`${path} is not valid JSON (${(error as Error).message}); it may be truncated — retrain to recreate it`);
  }
  return parseVerifiedArtifact(value, path);
}

/** parseArtifact plus the check that the content was not edited after training. */
export function parseVerifiedArtifact(value: unknown, source: string): Artifact {
  const artifact = parseArtifact(value, source);
  verifyModelVersion(value, artifact, source);
  return artifact;
}
