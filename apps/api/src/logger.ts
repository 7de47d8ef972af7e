import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';

/**
 * pino options: JSON lines with the request id; secrets and personal fields never reach the
 * log, whichever object they travel in.
 */
export function loggerOptions(config: Pick<Config, 'LOG_LEVEL'>): FastifyServerOptions['logger'] {
  return {
    level: config.LOG_LEVEL,
    redact: {
      paths: [
        'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
        '*.password', '*.newPassword', '*.currentPassword', '*.token', '*.accessToken', '*.refreshToken',
        '*.rnokpp', '*.phone', '*.email', '*.firstName', '*.lastName', '*.fullName', '*.dateOfBirth', '*.text',
        'body', 'req.body',
      ],
      censor: '[redacted]',
    },
  };
}
