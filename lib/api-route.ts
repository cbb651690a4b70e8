import 'server-only';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { badRequest, failed, ok } from './api/respond';
import type { Access, ApiRoute, FileAnswerSpec } from './api/routes';
import { requireRole, requireUser, type OperatorUser } from './auth/guards';
import type { SessionUser } from './auth/session';
import { DomainError, type FieldErrors } from './errors';
import { assertSameOrigin, attachment } from './route';

/** The user a route's guard lets through: an operator's user for an operator area (platform administrators have none). */
export type UserOf<A extends Access> = A extends 'signedIn' | 'operators' ? SessionUser : OperatorUser;
/** A file answer: sent as an attachment (RFC 6266 file name, no-store). */
export interface FileAnswer {
  fileName: string;
  contentType: string;
  body: BodyInit;
}
/** A JSON answer must have the fields of the route's response schema, its enums and literals widened (domain types say `string`). */
type Answer<R> = R extends z.ZodType ? Widen<z.input<R>> : FileAnswer;
type Widen<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends readonly (infer E)[]
        ? Widen<E>[]
        : T extends object
          ? { [K in keyof T]: Widen<T[K]> }
          : T;
type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

const NOTHING = z.object({});

function guard<A extends Access>(access: A): Promise<UserOf<A>> {
  if (access === 'signedIn') return requireUser() as Promise<UserOf<A>>;
  if (access === 'operators') return requireRole('operators') as Promise<UserOf<A>>;
  return requireRole(access as Exclude<Access, 'signedIn' | 'operators'>) as Promise<UserOf<A>>;
}

/** The first value of each query parameter. */
function queryOf(request: NextRequest): Record<string, string> {
  const params = request.nextUrl.searchParams;
  return Object.fromEntries([...new Set(params.keys())].map((k) => [k, params.get(k)!]));
}

/**
 * The one shape of every /api/v1 route handler, like runAction for forms, from the route's description in
 * lib/api/routes.ts: the caller is checked first (so a refused caller learns nothing about parameters) and
 * handed on; a state-changing request must come from our own pages; the path parameters are parsed (one
 * that does not parse names no record: 404), then the query string (a bad parameter is a 400 naming it,
 * never a 500); then the domain answers — JSON (status 200, or the route's), or a file as an attachment.
 * Errors in the one shape of lib/api/respond.ts.
 *
 *   export const GET = apiRoute(apiRoutes.household, (user, _query, { id }) => householdJson(user, id));
 */
export function apiRoute<
  A extends Access,
  Q extends z.ZodObject,
  P extends z.ZodObject,
  R extends z.ZodType | FileAnswerSpec,
>(
  route: ApiRoute<A, Q, P, R>,
  run: (user: UserOf<A>, query: z.output<Q>, params: z.output<P>, request: NextRequest) => Promise<Answer<R>>,
) {
  return async (request: NextRequest, context?: RouteContext): Promise<Response> => {
    try {
      const user = await guard(route.access);
      if (route.method !== 'get') assertSameOrigin(request);
      const params = (route.params ?? NOTHING).safeParse((await context?.params) ?? {});
      if (!params.success) throw new DomainError('NOT_FOUND');
      const query = (route.query ?? NOTHING).safeParse(queryOf(request));
      if (!query.success) return badRequest(z.flattenError(query.error).fieldErrors as FieldErrors);
      const answer = await run(user, query.data as z.output<Q>, params.data as z.output<P>, request);
      if ('files' in route.response) {
        const file = answer as FileAnswer;
        return new Response(file.body, { headers: attachment(file.fileName, file.contentType) });
      }
      return ok(answer, route.status);
    } catch (e) {
      return failed(e);
    }
  };
}
