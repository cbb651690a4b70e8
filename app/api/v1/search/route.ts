import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { resolveLocale } from '@/lib/i18n/locale';
import { searchMembers } from '@/lib/search/search';

export const dynamic = 'force-dynamic';

/** GET /api/v1/search: the Households page's search, for the page's type-ahead and other clients. */
export const GET = apiRoute(apiRoutes.search, async (user, query) => searchMembers(user, query, await resolveLocale()));
