/**
 * A setting that cannot be fitted on the rows it is given (n_neighbors above the rows of
 * a fold, say): scikit-learn's ValueError from fit. A search scores that fit as failed
 * (its error_score=nan) and goes on; a final fit that fails stops the run.
 */
export class FitFailure extends RangeError {}
