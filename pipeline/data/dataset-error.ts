/** A problem with the user's data file or its columns: one line naming the file, the column or the line. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}
