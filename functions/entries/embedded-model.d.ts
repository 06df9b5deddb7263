// Resolved by the build (scripts/build.ts) to the serving view of the validated
// artifact, inlined into the bundle: the model is never read from disk at run time.
declare module 'embedded-model' {
  const servingModel: unknown;
  export default servingModel;
}
