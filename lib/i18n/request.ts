import { getRequestConfig } from 'next-intl/server';
import { MESSAGES } from '@/messages';
import { resolveLocale } from './locale';

export const TIME_ZONE = 'Asia/Phnom_Penh';

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return {
    locale,
    timeZone: TIME_ZONE,
    messages: MESSAGES[locale],
  };
});
