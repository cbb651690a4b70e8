import { z } from 'zod';
import { ERROR_CODES } from '@/lib/errors';

/**
 * The named schemas of /api/v1's answers: lib/api/openapi.ts turns every schema registered here into
 * a component (`#/components/schemas/<id>`) and each use of it into a reference. Register a route's
 * response schema here (lib/<domain>/api-schema.ts) with an id and a description of the answer.
 */
export const apiSchemas = z.registry<{ id: string; description: string }>();

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string().meta({ description: 'English, for developers' }),
      messageKey: z
        .string()
        .optional()
        .meta({ description: 'When it says more than the code: the message key (errors.<key> in messages/*/*.json)' }),
      fields: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .meta({ description: 'Per parameter, message keys (errors.<key> in messages/*/*.json)' }),
    }),
  })
  .register(apiSchemas, {
    id: 'ApiError',
    description: 'Every error of /api/v1 (lib/api/respond.ts). `fields` comes with INVALID (400).',
  });

/** GET /api/v1/openapi.json: an OpenAPI 3.1 document (described only loosely here). */
export const openApiDocumentSchema = z
  .looseObject({ openapi: z.literal('3.1.0') })
  .register(apiSchemas, { id: 'OpenApiDocument', description: 'OpenAPI 3.1' });
