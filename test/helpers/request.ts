// The request a server action or route handler sees in these tests: next/headers is backed by
// this cookie jar and these headers (installed in setup.ts), so the real guards run unchanged.
// Kept on globalThis so that next-headers-shim.cjs (for packages that require() next/headers) sees the same request.
const g = globalThis as typeof globalThis & {
  __testRequest?: { cookieJar: Map<string, string>; requestHeaders: Headers };
};
g.__testRequest ??= { cookieJar: new Map(), requestHeaders: new Headers() };
export const cookieJar = g.__testRequest.cookieJar;
export const requestHeaders = g.__testRequest.requestHeaders;

export const cookieStore = {
  get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name)! } : undefined),
  getAll: () => [...cookieJar].map(([name, value]) => ({ name, value })),
  has: (name: string) => cookieJar.has(name),
  set: (name: string | { name: string; value: string }, value?: string) => {
    if (typeof name === 'string') cookieJar.set(name, value ?? '');
    else cookieJar.set(name.name, name.value);
  },
  delete: (name: string) => cookieJar.delete(name),
};

export function resetRequest(): void {
  cookieJar.clear();
  for (const key of [...requestHeaders.keys()]) requestHeaders.delete(key);
}
