// npm run serve:gcp -- [--port 8080]
// The built GCP archive, unpacked and run by functions-framework exactly as Cloud
// Functions would (--target=predict), on 127.0.0.1.
import { spawn } from 'node:child_process';
import { unpackArchive } from './archives.ts';
import { ROOT } from './repo-root.ts';
import { parseFlags } from './cli-args.ts';

const { values } = parseFlags({ args: process.argv.slice(2), options: { port: { type: 'string', default: process.env.PORT ?? '8080' } } });
const { dir, cleanup } = unpackArchive('gcp');

const child = spawn(
  process.execPath,
  [
    '-r', `${ROOT}scripts/loopback-only.cjs`,
    `${ROOT}node_modules/@google-cloud/functions-framework/build/src/main.js`,
    '--target=predict', '--signature-type=http', `--source=${dir}`, `--port=${values.port}`,
  ],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: process.env.NODE_ENV || 'production' } },
);
process.stderr.write(`serve:gcp: artifacts/gcp-function.zip unpacked in ${dir}; try: curl http://127.0.0.1:${values.port}/health\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => {
  cleanup();
  process.exit(code ?? 0);
});
