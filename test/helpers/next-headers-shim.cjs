// The test request (request.ts) for code that require()s next/headers, such as next-auth's route handler.
function state() {
  return globalThis.__testRequest;
}
exports.headers = async () => state().requestHeaders;
exports.cookies = async () => ({
  get: (name) => (state().cookieJar.has(name) ? { name, value: state().cookieJar.get(name) } : undefined),
  getAll: () => [...state().cookieJar].map(([name, value]) => ({ name, value })),
  has: (name) => state().cookieJar.has(name),
  set: (name, value) => state().cookieJar.set(name, value),
  delete: (name) => state().cookieJar.delete(name),
});
