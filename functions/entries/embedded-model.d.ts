// Resolved by the build (scripts/build) to the validated artifact's JSON, inlined
// into the bundle: the model is never read from disk at run time.
declare module 'embedded-model' {
  const artifact: unknown;
  export default artifact;
}
