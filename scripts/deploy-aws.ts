// npm run deploy:aws -- [--dry-run] [osls options, e.g. --stage prod --region eu-west-1]
// Deploys the built Lambda archive with serverless.yml through osls, the MIT fork of
// the Serverless Framework (no vendor login needed). AWS credentials come from the usual
// places. --dry-run packages offline and prints what would be deployed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ensureArchive } from './archives.ts';
import { describeSettings } from './deploy-env.ts';
import { OSLS, packageTemplate } from './osls.ts';
import { ROOT } from './repo-root.ts';

const args = process.argv.slice(2);
const archive = ensureArchive('aws');
if (!args.includes('--dry-run')) {
  const result = spawnSync(process.execPath, [OSLS, 'deploy', ...args], { cwd: ROOT, stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
} else {
  const options = args.filter((arg) => arg !== '--dry-run');
  const { resources } = packageTemplate(ROOT, options);
  const fn = resources.find((resource) => resource.Type === 'AWS::Lambda::Function')!.Properties;
  const routes = resources.filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route').map((resource) => resource.Properties.RouteKey as string);
  const url = resources.find((resource) => resource.Type === 'AWS::Lambda::Url');
  process.stdout.write(
    [
      `Would deploy (osls deploy ${options.join(' ')}):`,
      `  function   ${fn.FunctionName}: ${fn.Handler}, ${fn.Runtime} on ${(fn.Architectures ?? ['x86_64']).join(', ')}, ${fn.MemorySize} MB, ${fn.Timeout} s`,
      `  code       ${relative(process.cwd(), archive) || archive} (sha256 ${createHash('sha256').update(readFileSync(archive)).digest('hex')})`,
      `  settings   ${describeSettings((fn.Environment?.Variables ?? {}) as Record<string, string>)}`,
      `  HTTP API   ${routes.length > 0 ? routes.join(', ') : '(none)'}${routes.includes('$default') ? ' (every path and method)' : ''}`,
      `  URL        ${url ? `Function URL, auth ${url.Properties.AuthType}` : 'no Function URL (FUNCTION_URL=true adds one)'}`,
      '',
    ].join('\n'),
  );
}
