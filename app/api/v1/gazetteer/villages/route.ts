import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { searchVillages } from '@/lib/gazetteer/queries';

export const dynamic = 'force-dynamic';

/** `GET ?q=…&limit=…`: villages whose Khmer or Latin name contains q, with their full path. */
export const GET = apiRoute(apiRoutes.villages, async (_user, { q, limit }) => ({
  query: q,
  villages: await searchVillages(q, limit),
}));
