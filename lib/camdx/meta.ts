import 'server-only';
import { z } from 'zod';
import type { CallContext, CallMeta, CamdxClient } from './client';
import { CamdxConfigError } from './errors';
import { metaservice } from './identifiers';

/**
 * X-Road metaservices (pr-mrest, pr-meta) for an administrator's "test connection" screen: whether our
 * security server answers (listClients), and which of the provider's services we may call.
 */
export type Provider = 'spr' | 'moi';

export interface ServiceMethods {
  serviceCode: string;
  serviceType?: string;
  endpoints: { method: string; path: string }[];
}

const endpoint = z.object({ method: z.string(), path: z.string() });

// Security servers answer in the snake_case form of pr-mrest's examples; the annex's OpenAPI describes a
// camelCase form with "member" lists. Both are read.
const snakeForm = z
  .object({
    service: z.array(
      z.object({
        service_code: z.string(),
        service_type: z.string().optional(),
        endpoint_list: z.array(endpoint).optional(),
      }),
    ),
  })
  .transform((b) =>
    b.service.map((s) => ({
      serviceCode: s.service_code,
      serviceType: s.service_type,
      endpoints: s.endpoint_list ?? [],
    })),
  );

const camelForm = z
  .object({
    member: z.array(
      z.object({
        serviceCode: z.string(),
        serviceType: z.string().optional(),
        endpointList: z.object({ member: z.array(endpoint).optional() }).optional(),
      }),
    ),
  })
  .transform((b) =>
    b.member.map((s) => ({
      serviceCode: s.serviceCode,
      serviceType: s.serviceType,
      endpoints: s.endpointList?.member ?? [],
    })),
  );

const methodsResponse = z.union([snakeForm, camelForm]);

function providerService(client: CamdxClient, provider: Provider) {
  const service = provider === 'spr' ? client.config.sprService : client.config.moiService;
  if (!service)
    throw new CamdxConfigError('The Ministry of Interior service id (CAMDX_MOI_SERVICE_ID) is not configured');
  return service;
}

async function methods(
  client: CamdxClient,
  provider: Provider,
  code: 'listMethods' | 'allowedMethods',
  ctx: CallContext,
) {
  const { data, meta } = await client.call({
    service: metaservice(providerService(client, provider), code),
    method: 'GET',
    path: '',
    schema: methodsResponse,
    ctx,
  });
  return { services: data, meta };
}

/** Every REST service the provider offers. */
export function listMethods(
  client: CamdxClient,
  provider: Provider,
  ctx: CallContext,
): Promise<{ services: ServiceMethods[]; meta: CallMeta }> {
  return methods(client, provider, 'listMethods', ctx);
}

/** The provider's services our client may call: empty means the access rights are missing. */
export function allowedMethods(
  client: CamdxClient,
  provider: Provider,
  ctx: CallContext,
): Promise<{ services: ServiceMethods[]; meta: CallMeta }> {
  return methods(client, provider, 'allowedMethods', ctx);
}

const clientsResponse = z.object({
  member: z.array(
    z.object({
      id: z.object({
        xroad_instance: z.string(),
        member_class: z.string(),
        member_code: z.string(),
        subsystem_code: z.string().optional(),
        object_type: z.string(),
      }),
      name: z.string().optional(),
    }),
  ),
});

export interface XRoadMemberEntry {
  id: string;
  objectType: string;
}

/** The members and subsystems our security server knows (GET /listClients, not through r1). */
export async function listClients(
  client: CamdxClient,
  ctx: CallContext,
): Promise<{ clients: XRoadMemberEntry[]; meta: CallMeta }> {
  const { data, meta } = await client.call({
    service: null,
    method: 'GET',
    path: '/listClients',
    schema: clientsResponse,
    ctx,
  });
  const clients = data.member.map(({ id }) => ({
    id: [id.xroad_instance, id.member_class, id.member_code, id.subsystem_code].filter(Boolean).join('/'),
    objectType: id.object_type,
  }));
  return { clients, meta };
}
