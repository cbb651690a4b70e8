export function parseWebConcurrency(value: string | undefined, cores: number): number;
export function runPrimary(count: number): void;
