// The one error a user can cause by handing the kit a model file: one line, no stack.
export class ModelImportError extends Error {
  override name = 'ModelImportError';
}
