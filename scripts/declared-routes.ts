// The HTTP routes serverless.yml declares, read from the CloudFormation that osls makes
// offline, so that the local server answers exactly what a deployment would route.
import { packageTemplate } from './osls.ts';
import { ROOT } from './repo-root.ts';

/** API Gateway route keys: `$default`, or `METHOD /path` with `ANY` and `{name+}` greedy segments. */
export function declaredRoutes(): string[] {
  const { resources } = packageTemplate(ROOT, []);
  return resources.filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route').map((resource) => resource.Properties.RouteKey as string);
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
