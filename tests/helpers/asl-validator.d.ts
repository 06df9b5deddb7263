// asl-validator ships no type declarations; this covers what the tests use.
declare module 'asl-validator' {
  interface Validation {
    isValid: boolean;
    errors: { message: string }[];
    errorsText(separator?: string): string;
  }
  export default function aslValidator(definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }): Validation;
}
