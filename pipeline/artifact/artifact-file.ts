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
  return readModelFileText(path).model;
}

/** readModelFile, with the text it validated: what promote copies, read once. */
export function readModelFileText(path: string): { model: ModelFile; text: string } {
  const text = readText(path);
  const value = parseJson(text, path);
  if (!isImportedValue(value)) return { model: parseVerifiedArtifact(value, path), text };
  const imported = parseImportedArtifact(value, path);
  verifyModelVersion(value, imported, path);
  return { model: imported, text };
}

function readJson(path: string): unknown {
  return parseJson(readText(path), path);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'ENOENT' ? 'no such file; run `npm run train` to create it' : `cannot read it (${code})`;
    throw new ArtifactError(`${path}: ${hint}`);
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ArtifactError(`${path} is not valid JSON (${(error as Error).message}); it may be truncated — retrain to recreate it`);
  }
}

/** parseArtifact plus the check that the content was not edited after training. */
export function parseVerifiedArtifact(value: unknown, source: string): Artifact {
  if (isImportedValue(value)) throw new ArtifactError(`${source} is a model imported from scikit-learn (npm run import): it has no training record, which this command needs`);
  const artifact = parseArtifact(value, source);
  verifyModelVersion(value, artifact, source);
  return artifact;
}
