// Types of workspace.mjs, for TypeScript callers (tools/checks).
export declare const ROOT: string;
export declare function releaseGroup(root?: string): { name: string; dir: string; manifest: Record<string, unknown> }[];
export declare function copyWorkTree(dest: string, root?: string): number;
export declare function readTurboCache(root?: string): { TURBO_CACHE_DIR: string; TURBO_CACHE: string };
export declare function seedTurboCache(dest: string, root?: string): { TURBO_CACHE_DIR: string; TURBO_CACHE: string };
