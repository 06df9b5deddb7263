// Every kind of fitted classifier the kit serves. The build replaces this module with
// one that lists only the kind of the model it embeds (scripts/build.ts), so an
// archive carries only its own family's inference code.
import type { ServingKind } from './serving-kind.ts';
import { treesKind } from './decision_tree/inference.ts';
import { knnKind } from './knn/inference.ts';
import { linearKind } from './linear/inference.ts';
import { gaussianNbKind } from './naive_bayes/inference.ts';
import { svcKind } from './svc/inference.ts';

// any: each kind's module checks and serves its own classifier type.
export const KINDS: Record<string, ServingKind<any>> = {
  linear: linearKind,
  knn: knnKind,
  svc: svcKind,
  trees: treesKind,
  gaussian_nb: gaussianNbKind,
};

