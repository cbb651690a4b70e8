import 'server-only';
import pino from 'pino';
import { env } from './env';
import { redactError } from './log-redact';

// Never a password, token or personal data in a line: these keys are censored wherever they appear.
const redact = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'secret',
  'email',
  'name',
  'passwordHash',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.secret',
  '*.email',
  '*.name',
  '*.passwordHash',
  'headers.cookie',
  'headers.authorization',
];

export const loggerOptions: pino.LoggerOptions = {
  base: { service: 'sdp' },
  redact: { paths: redact, censor: '[redacted]' },
  // An error is logged with its SQL text and PostgreSQL code, never the query's parameters (log-redact.ts).
  serializers: { err: redactError, error: redactError, cause: redactError },
  timestamp: pino.stdTimeFunctions.isoTime,
};

export const rootLogger = pino({ ...loggerOptions, level: env.NODE_ENV === 'test' ? 'silent' : env.LOG_LEVEL });

/** Lines written outside any request (start-up, background work) carry a request id of their own. */
export function systemLogger(task: string) {
  return rootLogger.child({ requestId: `system:${task}` });
}
