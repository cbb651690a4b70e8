import { useTranslations } from 'next-intl';
import { useAppFormatter } from '@/lib/i18n/use-format';
import type { ImportReport, UnitChange } from '@/lib/gazetteer/import';
import styles from './gazetteer.module.css';

export type ReportCounts = Pick<ImportReport, 'total' | 'added' | 'renamed' | 'retired' | 'restored' | 'details'>;

const KINDS = ['added', 'renamed', 'retired', 'restored'] as const;

/** The counts of an import, and its (capped) lists of changed units and rows left out. */
export function ImportReportView({
  report,
  labelledBy,
  headingLevel = 3,
}: {
  report: ReportCounts;
  labelledBy?: string;
  headingLevel?: 3 | 4;
}) {
  const t = useTranslations('gazetteer.report');
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const format = useAppFormatter();
  const counts = [
    ['total', report.total],
    ['added', report.added],
    ['renamed', report.renamed],
    ['retired', report.retired],
    ['restored', report.restored],
    ['skipped', report.details.skipped.count],
  ] as const;
  const anyList = KINDS.some((k) => report.details[k].length > 0) || report.details.skipped.rows.length > 0;
  return (
    <div>
      <dl className={styles.counts} aria-labelledby={labelledBy} aria-label={labelledBy ? undefined : t('counts')}>
        {counts.map(([key, n]) => (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd>{format.number(n)}</dd>
          </div>
        ))}
      </dl>
      {anyList && (
        <details>
          <summary>{t('details')}</summary>
          {KINDS.map(
            (kind) =>
              report.details[kind].length > 0 && (
                <section key={kind}>
                  <Heading>{t(kind)}</Heading>
                  <ul className={styles.changes}>
                    {report.details[kind].map(
                      (u: UnitChange & { previousNameKm?: string; previousNameLatin?: string }) => (
                        <li key={u.code}>
                          <code>{u.code}</code>
                          <span lang="km">{u.nameKm}</span> · {u.nameLatin}
                          {u.previousNameKm !== undefined && (
                            <> ({t('previously', { name: `${u.previousNameKm} · ${u.previousNameLatin}` })})</>
                          )}
                        </li>
                      ),
                    )}
                    {report[kind] > report.details[kind].length && (
                      <li>{t('more', { count: report[kind] - report.details[kind].length })}</li>
                    )}
                  </ul>
                </section>
              ),
          )}
          {report.details.skipped.rows.length > 0 && (
            <section>
              <Heading>{t('skipped')}</Heading>
              <ul className={styles.changes}>
                {report.details.skipped.rows.map((s, i) => (
                  <li key={i}>
                    {s.file}
                    {s.row ? `, ${t('row', { row: s.row })}` : ''}
                    {s.code ? (
                      <>
                        , <code>{s.code}</code>
                      </>
                    ) : (
                      ''
                    )}
                    : {t(`reason.${s.reason}`)}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </details>
      )}
    </div>
  );
}
