// Every fitted classifier the artifact can hold, told apart by `kind`.
import type { TreesClassifier } from './decision_tree/inference.ts';
import type { KnnClassifier } from './knn/inference.ts';
import type { LinearClassifier } from './linear/classifier.ts';
import type { GaussianNbClassifier } from './naive_bayes/inference.ts';
import type { SvcClassifier } from './svc/inference.ts';

export type Classifier = LinearClassifier | KnnClassifier | SvcClassifier | TreesClassifier | GaussianNbClassifier;
