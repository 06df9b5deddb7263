// ml-logistic-regression ships no type declarations; this covers the part we call.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  interface BinaryClassifier {
    weights: Matrix;
  }

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    numberClasses: number;
    classifiers: BinaryClassifier[];
    train(X: Matrix, Y: Matrix): void;
    predict(X: Matrix): number[];
  }
}
