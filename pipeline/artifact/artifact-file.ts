import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArtifactError, parseArtifact, type Artifact } from './artifact.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { isImportedValue, parseImportedArtifact, type ImportedArtifact } from './imported.ts';
import { verifyModelVersion } from './model-version.ts';

/** A model file the build and predict serve: trained by the kit, or imported from scikit-learn. */
export type ModelFile = Artifact | ImportedArtifact;

export const DEFAULT_ARTIFACT_PATH = fileURLToPath(new URL('../../artifacts/model.json', import.meta.url));

export function serializeArtifact(artifact: ModelFile): string {
  return `${JSON.stringify(artifact, null, 2)}\n`;
}

export function writeArtifactFile(path: string, artifact: ModelFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, serializeArtifact(artifact));
}

/** Reads and fully validates an artifact, edits included; every failure names the file and what is wrong. */
export function readArtifactFile(path: string): Artifact {
  return parseVerifiedArtifact(readJson(path), path);
}

/** Reads and fully validates a trained or an imported model file (what the build and predict serve). */
export function readModelFile(path: string): ModelFile {
  const value = readJson(path);
  if (!isImportedValue(value)) return parseVerifiedArtifact(value, path);
  const imported = parseImportedArtifact(value, path);
  verifyModelVersion(value, imported, path);
  return imported;
}

function readJson(path: string): unknown {
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
  return value;
}

/** parseArtifact plus the check that the content was not edited after training. */
export function parseVerifiedArtifact(value: unknown, source: string): Artifact {
  if (isImportedValue(value)) throw new ArtifactError(`${source} is a model imported from scikit-learn (npm run import): it has no training record, which this command needs`);
  const artifact = parseArtifact(value, source);
  verifyModelVersion(value, artifact, source);
  return artifact;
}
