// The classifier or regressor of a model file checked by its own kind: the kind's
// schema (known only once `kind` is read), then the kind's shape checks.
import * as z from 'zod/mini';
import type { ShapeChecks } from './model-parts.ts';
import { describeIssues } from './validation-issues.ts';

interface KindOf<S> {
  schema: z.ZodMiniType<unknown>;
  check(estimator: never, shape: S, checks: ShapeChecks): void;
}

export function checkEstimator<S>(kinds: Record<string, KindOf<S>>, field: string, estimator: { kind: string } | undefined, shape: S, checks: ShapeChecks): void {
  const { expect } = checks;
  if (!estimator) return expect(false, field, 'is missing');
  const kind = Object.hasOwn(kinds, estimator.kind) ? kinds[estimator.kind] : undefined;
  if (!kind) return expect(false, `${field}.kind`, `"${estimator.kind}" is not a kind this build serves (${Object.keys(kinds).join(', ')})`);
  const parsed = z.safeParse(kind.schema, estimator, { jitless: true });
  if (!parsed.success) {
    for (const issue of describeIssues(z.safeParse(kind.schema, estimator, { reportInput: true }).error?.issues ?? parsed.error.issues)) {
      expect(false, issue.path === '(top level)' ? field : `${field}.${issue.path}`, issue.message);
    }
    return;
  }
  kind.check(estimator as never, shape, checks);
}
