import { getTranslations } from 'next-intl/server';
import { TableScroll } from '@/components/ui/table-scroll';
import { getAppFormatter } from '@/lib/i18n/server-format';
import type { Problem } from '@/lib/payments/reconcile';

const SHOWN = 200;

/** The rows of a results file that were not applied, and why (the first 200; the count of the rest). */
export async function ProblemsTable({ problems, labelledBy }: { problems: Problem[]; labelledBy: string }) {
  const [t, format] = await Promise.all([getTranslations('paymentFiles.results'), getAppFormatter()]);
  if (problems.length === 0) return <p className="muted">{t('noProblems')}</p>;
  const kind = (p: string) =>
    t.has(`problemKinds.${p}` as 'problemKinds.unknownRef') ? t(`problemKinds.${p}` as 'problemKinds.unknownRef') : p;
  return (
    <>
      <TableScroll label={t('problems')}>
        <table aria-labelledby={labelledBy} aria-describedby={`${labelledBy}-problems`}>
          <caption id={`${labelledBy}-problems`}>{t('problems')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('row')}</th>
              <th scope="col">{t('ref')}</th>
              <th scope="col">{t('problem')}</th>
              <th scope="col">{t('detail')}</th>
            </tr>
          </thead>
          <tbody>
            {problems.slice(0, SHOWN).map((p) => (
              <tr key={p.row}>
                <td>{format.number(p.row)}</td>
                <td>{p.ref}</td>
                <td>{kind(p.problem)}</td>
                <td>{p.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {problems.length > SHOWN && (
        <p className="muted">{t('more', { count: format.number(problems.length - SHOWN) })}</p>
      )}
    </>
  );
}
