import { createHash } from 'node:crypto';
import { ArtifactError, type Artifact } from './artifact.ts';

/** First 16 hex digits of the SHA-256 of the artifact's canonical JSON, without its own version field. */
export function computeModelVersion(content: Record<string, unknown>): string {
  const { modelVersion: _ignored, ...rest } = content;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex').slice(0, 16);
}

/** JSON with object keys sorted, so the hash does not depend on how a file was formatted. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Refuses an artifact whose content was edited after training: it no longer hashes to its own version. */
export function verifyModelVersion(value: unknown, artifact: Pick<Artifact, 'modelVersion'>, source: string): void {
  const expected = computeModelVersion(value as Record<string, unknown>);
  if (expected !== artifact.modelVersion) {
    throw new ArtifactError(
      `${source} was changed after training: its content hashes to ${expected}, but it claims model version ${artifact.modelVersion}. Retrain rather than edit the file.`,
    );
  }
}
