import { getLocale, getTranslations } from 'next-intl/server';
import { ImportPanel } from '@/components/imports/import-panel';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { pageUser } from '@/lib/auth/page';
import { listImportJobs } from '@/lib/imports/jobs';
import { MAX_ROWS } from '@/lib/imports/scan';
import { IMPORT_UPLOAD_BYTES } from '@/lib/http/limits.mjs';
import type { Locale } from '@/lib/i18n/locales';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('imports'))('title') };
}

export default async function ImportPage() {
  const user = await pageUser('enrolment');
  const t = await getTranslations('imports');
  const jobs = await listImportJobs(user, (await getLocale()) as Locale);
  const megabytes = IMPORT_UPLOAD_BYTES / 1024 / 1024;
  const format = await getAppFormatter();
  return (
    <ClientMessages paths={['errors', 'imports.jobs', 'imports.refusals', 'imports.status', 'imports.upload']}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <section className="card" aria-labelledby="template-heading">
        <h2 id="template-heading">{t('template.heading')}</h2>
        <p>{t('template.text')}</p>
        <p className="actions">
          <a className="button" href="/api/v1/imports/template?format=xlsx" download>
            {t('template.xlsx')}
          </a>{' '}
          <a className="button secondary" href="/api/v1/imports/template?format=csv" download>
            {t('template.csv')}
          </a>
        </p>
        <details>
          <summary>{t('rules.heading')}</summary>
          <ul>
            <li>{t('rules.grouping')}</li>
            <li>{t('rules.household')}</li>
            <li>{t('rules.headers')}</li>
            <li>{t('rules.duplicates')}</li>
            <li>{t('rules.again')}</li>
            <li>{t('rules.limits', { rows: format.number(MAX_ROWS), megabytes: format.number(megabytes) })}</li>
          </ul>
        </details>
      </section>
      <ImportPanel initialJobs={jobs} maxBytes={IMPORT_UPLOAD_BYTES} />
    </ClientMessages>
  );
}
