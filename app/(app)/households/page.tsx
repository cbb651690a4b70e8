import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';

export async function generateMetadata() {
  return { title: (await getTranslations('shell.nav'))('households') };
}

/** The section's home; its records arrive with the issue that builds them. */
export default async function Page() {
  const user = await pageUser('households');
  const t = await getTranslations('sections');
  const ti = await getTranslations('imports');
  return (
    <>
      <h1>{(await getTranslations('shell.nav'))('households')}</h1>
      <p className="card">{t('householdsEmpty')}</p>
      {can(user, 'enrolment') && <p><Link href="/households/import">{ti('openImport')}</Link></p>}
      {can(user, 'export') && (
        <p>{ti('export.text')}{' '}
          <a href="/api/v1/export?format=csv" download>{ti('export.csv')}</a>{' · '}
          <a href="/api/v1/export?format=xlsx" download>{ti('export.xlsx')}</a>
        </p>
      )}
    </>
  );
}
