// npm run build -- [--artifact FILE] [--out-dir DIR]
// Trains first when the default artifact is missing, validates the artifact, bundles
// each cloud's function with the model embedded, and writes one reproducible zip each.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { ArtifactError } from '../pipeline/artifact/artifact.ts';
import { DEFAULT_ARTIFACT_PATH, readArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { writeFileAtomic } from '../pipeline/artifact/atomic-write.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { runTsScript } from './run-ts-script.ts';
import { SIZE_BUDGET_BYTES, TARGETS, type DeployTarget } from './targets.ts';
import { createZip } from './zip.ts';
import { ROOT } from './repo-root.ts';
import { fromUser } from './user-path.ts';

/** Resolves `import embedded from 'embedded-model'` to the serving model JSON, inlined. */
function embedModel(artifactJson: string): Plugin {
  return {
    name: 'embedded-model',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^embedded-model$/ }, () => ({ path: 'embedded-model', namespace: 'embedded-model' }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'embedded-model' }, () => ({ contents: artifactJson, loader: 'json' }));
    },
  };
}

async function bundle(target: DeployTarget, artifactJson: string): Promise<Uint8Array> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [target.entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: target.nodeTarget,
    minify: true,
    legalComments: 'none',
    external: target.external,
    plugins: [embedModel(artifactJson)],
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

interface BuiltArchive {
  path: string;
  bytes: number;
  sha256: string;
}

async function buildArchives(artifactPath: string, outDir: string): Promise<{ modelVersion: string; archives: BuiltArchive[] }> {
  const artifact = readArtifactFile(artifactPath);
  // Embed the serving view of exactly what was validated, serialized compactly.
  const artifactJson = JSON.stringify(servingModelOf(artifact));
  mkdirSync(outDir, { recursive: true });
  const built: BuiltArchive[] = [];
  for (const target of Object.values(TARGETS)) {
    const files = { 'index.js': await bundle(target, artifactJson), ...target.extraFiles() };
    const zip = createZip(Object.entries(files).map(([name, data]) => ({ name, data: typeof data === 'string' ? Buffer.from(data) : data })));
    const path = join(outDir, target.archive);
    writeFileAtomic(path, zip);
    built.push({ path, bytes: zip.length, sha256: createHash('sha256').update(zip).digest('hex') });
  }
  return { modelVersion: artifact.modelVersion, archives: built };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { artifact: { type: 'string' }, 'out-dir': { type: 'string', default: join(ROOT, 'artifacts') } },
  });
  const artifactPath = values.artifact === undefined ? DEFAULT_ARTIFACT_PATH : fromUser(values.artifact);
  const outDir = fromUser(values['out-dir']);
  if (values.artifact === undefined && !existsSync(artifactPath)) {
    process.stderr.write(`${relative(process.cwd(), artifactPath)} is missing: training it first (npm run train)\n`);
    const status = runTsScript('scripts/train.ts', []);
    if (status !== 0) return status;
  }
  let built: Awaited<ReturnType<typeof buildArchives>>;
  try {
    built = await buildArchives(artifactPath, outDir);
  } catch (error) {
    if (error instanceof ArtifactError) {
      process.stderr.write(`build: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  process.stdout.write(`Model ${built.modelVersion} from ${relative(process.cwd(), artifactPath) || artifactPath}\n`);
  let overBudget = false;
  for (const archive of built.archives) {
    const over = archive.bytes > SIZE_BUDGET_BYTES;
    overBudget ||= over;
    process.stdout.write(`${relative(process.cwd(), archive.path) || archive.path}  ${(archive.bytes / 1024).toFixed(1)} KB  sha256 ${archive.sha256}${over ? '  OVER the 25 KB budget' : ''}\n`);
  }
  if (overBudget) {
    process.stderr.write(`build: an archive is over the ${SIZE_BUDGET_BYTES / 1024} KB budget; something heavy got into the bundle\n`);
    return 1;
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
