export declare const APPS: Record<string, string>;
export declare function appSize(source: string): Promise<{ min: number; gzip: number; lazyMin: number; lazy: number }>;
