// How a data set's columns will be preprocessed, decided once for the whole run (a
// structural choice, like writing the Pipeline; the statistics are fitted per fold).
// An imputer joins the pipeline when the column group has missing cells, or when asked.
import { DatasetError, linesText, MAX_LINES_LISTED, type Dataset } from '../data/csv.ts';
import { DEFAULT_MAX_CATEGORIES, type CategoricalImpute, type ColumnPlan, type NumericImpute } from './column-transformer.ts';

export interface PreprocessChoices {
  numericImpute?: NumericImpute;
  categoricalImpute?: CategoricalImpute;
  maxCategories?: number;
}

export function planColumns(dataset: Dataset, choices: PreprocessChoices = {}): ColumnPlan {
  const { columns } = dataset;
  // Dates are imputed as numbers are (their epochs): SimpleImputer on the date's column.
  const missingIn = (kind: 'numeric' | 'categorical') => columns.filter((column) => (kind === 'numeric' ? column.kind !== 'categorical' : column.kind === 'categorical') && column.missing > 0);
  const numericImpute = choices.numericImpute ?? (missingIn('numeric').length > 0 ? 'median' : 'none');
  const categoricalImpute = choices.categoricalImpute ?? (missingIn('categorical').length > 0 ? 'most_frequent' : 'none');
  const refused = [...(numericImpute === 'none' ? missingIn('numeric') : []), ...(categoricalImpute === 'none' ? missingIn('categorical') : [])];
  if (refused.length > 0) {
    const cells = refused.flatMap((column) => column.missingLines.map((line) => ({ line, name: column.name }))).sort((a, b) => a.line - b.line);
    const total = refused.reduce((sum, column) => sum + column.missing, 0);
    const shown = cells.slice(0, MAX_LINES_LISTED).map((cell) => `line ${cell.line} column "${cell.name}"`);
    throw new DatasetError(
      `${dataset.source}: ${total} missing cell(s) where imputation is off (${numericImpute === 'none' ? '--impute none' : '--impute-categorical none'}): ${linesText(shown, total)}; ` +
        'fill them in, or let the pipeline impute them (the default)',
    );
  }
  const maxCategories = choices.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  if (!Number.isInteger(maxCategories) || maxCategories < 2) throw new RangeError(`max categories must be a whole number of at least 2, got ${maxCategories}`);
  return { columns, options: { numericImpute, categoricalImpute, maxCategories } };
}
