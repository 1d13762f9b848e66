export declare const ROOT: string;
export declare function releaseGroup(root?: string): { name: string; dir: string; manifest: Record<string, any> }[];
