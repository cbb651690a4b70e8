import { getTranslations } from 'next-intl/server';
import type { ProviderChoice } from '@/lib/payments/files-schemas';

/**
 * The list's provider file: a plain GET form to /api/v1/payment-lists/{id}/file, so the browser
 * downloads it (streamed) with no script; the provider chosen here sets the layout, the format
 * applies to the default layout only.
 */
export async function DownloadFileForm({ listId, providers }: { listId: string; providers: ProviderChoice[] }) {
  const t = await getTranslations('paymentFiles');
  const id = `file-${listId}`;
  return (
    <form method="get" action={`/api/v1/payment-lists/${listId}/file`} className="stack">
      <div className="field">
        <label htmlFor={`${id}-provider`}>{t('file.provider')}</label>
        <select id={`${id}-provider`} name="provider" defaultValue={providers[0]?.id ?? ''}>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({t(`providers.formats.${p.layout.format}`)})
            </option>
          ))}
          <option value="">{t('file.defaultLayout')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-format`}>{t('file.format')}</label>
        <select id={`${id}-format`} name="format" defaultValue="csv">
          <option value="csv">{t('providers.formats.csv')}</option>
          <option value="xlsx">{t('providers.formats.xlsx')}</option>
        </select>
      </div>
      <div>
        <button type="submit">{t('file.download')}</button>
      </div>
    </form>
  );
}
