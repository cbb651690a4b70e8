import 'server-only';
import { getLocale } from 'next-intl/server';
import { formatterFor } from './format';

/** Server components: the same formatter the client components use, in the reader's language. */
export async function getAppFormatter() {
  return formatterFor(await getLocale());
}
