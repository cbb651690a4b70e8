import { getTranslations } from 'next-intl/server';
import { TableScroll } from '@/components/ui/table-scroll';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { GazetteerImportForm } from '@/components/gazetteer/import-form';
import { ImportReportView } from '@/components/gazetteer/import-report';
import { pageUser } from '@/lib/auth/page';
import { levelCounts, listImports } from '@/lib/gazetteer/status';
import { GAZETTEER_UPLOAD_BYTES } from '@/lib/http/limits.mjs';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('admin.gazetteer'))('title') };
}

export default async function GazetteerPage() {
  await pageUser('operators');
  const t = await getTranslations('gazetteer');
  const format = await getAppFormatter();
  const [counts, imports] = await Promise.all([levelCounts(), listImports(10)]);
  const imported = counts.some((c) => c.active > 0);
  return (
    <ClientMessages paths={['errors', 'gazetteer.form', 'gazetteer.report']}>
      <h1>{(await getTranslations('admin.gazetteer'))('title')}</h1>
      {!imported && <p className="form-error">{t('page.notImported')}</p>}
      <section className="card">
        <h2 id="gazetteer-units">{t('page.units')}</h2>
        <TableScroll label={t('page.units')}>
          <table aria-labelledby="gazetteer-units">
            <thead>
              <tr>
                <th>{t('page.levelColumn')}</th>
                <th>{t('page.active')}</th>
                <th>{t('page.retired')}</th>
              </tr>
            </thead>
            <tbody>
              {counts.map((c) => (
                <tr key={c.level}>
                  <td>{t(`levels.${c.level}`)}</td>
                  <td>{format.number(c.active)}</td>
                  <td>{format.number(c.retired)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section className="card">
        <h2>{t('page.importTitle')}</h2>
        <p>{t('page.importIntro')}</p>
        <GazetteerImportForm maxBytes={GAZETTEER_UPLOAD_BYTES} />
      </section>
      <h2>{t('page.history')}</h2>
      {imports.length === 0 ? (
        <p className="muted">{t('page.noImports')}</p>
      ) : (
        imports.map((i) => (
          <article className="card" key={i.id}>
            <h3 id={`import-${i.id}`}>
              {t('page.importedAt', {
                when: format.dateTime(i.at),
                source: i.source,
              })}
            </h3>
            <p className="muted">{i.actorName ? t('page.by', { name: i.actorName }) : t('page.byCommandLine')}</p>
            <ImportReportView report={i} labelledBy={`import-${i.id}`} headingLevel={4} />
          </article>
        ))
      )}
    </ClientMessages>
  );
}
