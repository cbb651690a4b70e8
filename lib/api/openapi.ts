import 'server-only';
import { z } from 'zod';
import { sessionCookieName } from '@/lib/auth/cookies';
import { ACCESS } from '@/lib/auth/policy';
import { apiRoutes, type ApiRoute } from './routes';
import { apiErrorSchema, apiSchemas } from './schemas';

// OpenAPI 3.1 description of /api/v1, generated from the routes' own descriptions (./routes.ts) and zod
// schemas: the parameters each handler parses and the answers it gives (test/openapi.test.ts checks
// that every route under app/api/v1 is here and that real answers match). Answer schemas are the
// components registered in ./schemas.ts' apiSchemas; objects are closed (additionalProperties: false).

type Json = Record<string, unknown>;

/** A JSON answer: a reference to its component, described as the component is. */
function json(schema: z.ZodType) {
  const meta = apiSchemas.get(schema);
  if (!meta) throw new Error('An /api/v1 answer schema must be registered in apiSchemas (lib/api/schemas.ts)');
  return {
    description: meta.description,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${meta.id}` } } },
  };
}
const files = (types: readonly string[]) => ({
  content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
});

const ERRORS = {
  400: 'Bad parameters (code INVALID, with fields)',
  401: 'Not signed in (no session, or the session has ended)',
  403: 'Not allowed: the role does not give access, a platform administrator (no operator), or the password must be changed first (PASSWORD_CHANGE_REQUIRED)',
  404: "No such record in the caller's operator (another operator's, unknown, or not a UUID)",
  409: 'The record is in a state that refuses this request (code CONFLICT, with messageKey)',
  413: 'The upload is over its limit (code TOO_LARGE): refused by Content-Length before reading, or cut off while counting; nothing is kept',
  500: 'Server error (logged)',
};

/** The components: every registered schema, as JSON Schema 2020-12 (what OpenAPI 3.1 uses). */
function components(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(apiSchemas, {
    uri: (id) => `#/components/schemas/${id}`,
    override: ({ zodSchema, jsonSchema }) => {
      jsonSchema.description ??= apiSchemas.get(zodSchema)?.description;
    },
  });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]));
}

/** One parameter per key of a query or path schema; required when leaving it out is refused. */
function parameters(
  where: 'query' | 'path',
  schema: z.ZodObject | undefined,
  docs: Record<string, string> = {},
): Json[] {
  if (!schema) return [];
  const { properties = {} } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Json>;
  };
  return Object.entries(properties).map(([name, { description, ...property }]) => ({
    name,
    in: where,
    required: where === 'path' || !schema.shape[name]!.safeParse(undefined).success,
    schema: property,
    description: docs[name] ?? description,
  }));
}

function operation(route: ApiRoute) {
  const who =
    route.access === 'signedIn'
      ? 'Any signed-in user, platform administrators included.'
      : route.access === 'operators'
        ? 'Platform administrators only (policy area "operators").'
        : `Roles: ${ACCESS[route.access].join(', ')} (policy area "${route.access}"). Always within the caller's operator.`;
  const answer =
    'files' in route.response
      ? { description: route.response.description, ...files(route.response.files) }
      : json(route.response);
  const errors = [...(route.errors ?? []), 401, 403, 500] as const;
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: [route.description, who].filter(Boolean).join(' '),
    parameters: [...parameters('path', route.params, route.docs), ...parameters('query', route.query, route.docs)],
    ...(route.body ? { requestBody: { required: true, ...files(route.body) } } : {}),
    responses: {
      [route.status ?? 200]: answer,
      ...Object.fromEntries(errors.map((status) => [status, { ...json(apiErrorSchema), description: ERRORS[status] }])),
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of Object.values(apiRoutes) as ApiRoute[])
    (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Service Delivery Platform API',
      version: '1',
      description:
        "Every call is scoped to the signed-in user's operator; another operator's records are never found. " +
        'JSON answers are not to be cached (Cache-Control: no-store).',
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    paths,
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: sessionCookieName(),
          description: 'The session cookie set by signing in',
        },
      },
      schemas: components(),
    },
  };
}
