export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Next prints an error thrown while rendering (or by a route handler) with console.error, outside
  // pino: the same redaction, so that no failed query's parameters reach the log that way either.
  const { redactConsole } = await import('./lib/log-redact');
  redactConsole();
  const { startServerOrExit } = await import('./lib/startup');
  await startServerOrExit();
}
