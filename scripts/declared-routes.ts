// The HTTP routes serverless.yml declares, read from the CloudFormation that osls makes
// offline, so that the local server answers exactly what a deployment would route.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyServiceConfig, packageTemplate } from './osls.ts';
import { createZip } from './zip.ts';

/**
 * API Gateway route keys: `$default`, or `METHOD /path` with `ANY` and `{name+}` greedy
 * segments. Packaged from a copy of serverless.yml beside a stub archive: osls insists on
 * the archive existing, and the routes do not depend on it.
 */
export function declaredRoutes(): string[] {
  const service = mkdtempSync(join(tmpdir(), 'kit-routes-'));
  try {
    copyServiceConfig(service);
    mkdirSync(join(service, 'artifacts'));
    writeFileSync(join(service, 'artifacts/aws-lambda.zip'), createZip([{ name: 'index.js', data: new Uint8Array() }]));
    const { resources } = packageTemplate(service, []);
    return resources.filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route').map((resource) => resource.Properties.RouteKey as string);
  } finally {
    rmSync(service, { recursive: true, force: true });
  }
}

/** The route key API Gateway would pick for a request, or undefined (its 404). */
export function matchRoute(routes: readonly string[], method: string, path: string): string | undefined {
  const exact = routes.find((route) => {
    const [routeMethod, routePath] = route.split(' ');
    if (routePath === undefined || (routeMethod !== 'ANY' && routeMethod !== method.toUpperCase())) return false;
    const greedy = /^(.*)\/\{[^/]+\+\}$/.exec(routePath);
    return greedy ? path.startsWith(`${greedy[1]}/`) && path.length > greedy[1].length + 1 : routePath === path;
  });
  return exact ?? (routes.includes('$default') ? '$default' : undefined);
}
