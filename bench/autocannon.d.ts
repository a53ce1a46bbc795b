// The part of autocannon's API that bench/foundation.ts uses (the package ships no type declarations).
declare module 'autocannon' {
  type SetupRequest = (req: { headers: Record<string, string>; body?: string }) => unknown;
  type Options = {
    url: string; connections?: number; duration?: number; amount?: number; method?: string; headers?: Record<string, string>;
    requests?: Array<{ method?: string; path: string; setupRequest?: SetupRequest }>;
  };
  export default function autocannon(options: Options): Promise<unknown>;
}
