// Types of hostile-cases.mjs for the TypeScript tests.
export declare const SECRET: string;
export interface HostileCase {
  name: string;
  what: string;
  flags?: string[];
  pointer: string;
  message: RegExp;
  write(dir: string, ctx: { port: number }): void;
}
export declare const CASES: HostileCase[];
export declare function writeCase(hostile: HostileCase, dir: string, ctx: { port: number }): string;
