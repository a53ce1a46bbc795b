// Types of ./bundle.mjs (the start-up bundle of the `renxing` command, ADR 0060) for the TypeScript tests.
export declare const BUNDLE_DIR: string;
export declare const BUNDLE: string;
export declare function sourceSignature(): string;
export declare function bundledEntry(): Promise<Record<string, unknown> | null>;
