'use client';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useFormContext, useWatch } from 'react-hook-form';
import { countQualifyingAction } from '@/app/(app)/programmes/actions';
import { useDebounced } from '@/components/address/gazetteer-api';
import { useErrorText } from '@/components/form/error-text';
import { rulesFormSchema } from '@/lib/programmes/schemas';
import styles from './programmes.module.css';

/** Where a rule error is, in words: "Member rule 2", "Who may be enrolled", "Cap". */
function useWhere() {
  const t = useTranslations('programmes.rules');
  return (path: PropertyKey[]): string => {
    const [, section, index] = path.map(String);
    if (section === 'household') return t('householdRule', { n: Number(index) + 1 });
    if (section === 'members') return t('memberRule', { n: Number(index) + 1 });
    if (section === 'cap') return t('cap');
    return t('eligibilityLegend');
  };
}

/**
 * "N households of your operator qualify", as the user edits: the rules are checked here with the
 * form's own schema, then counted on the server (debounced, one request per pause in typing).
 * Rules that do not parse show their errors instead of a count.
 */
export function LiveCount() {
  const t = useTranslations('programmes.count');
  const errorText = useErrorText();
  const where = useWhere();
  const { control } = useFormContext();
  const [currency, rules] = useWatch({ control, name: ['currency', 'rules'] }) as [string, unknown];
  const settled = useDebounced(JSON.stringify({ currency, rules: { ...(rules as object), currency } }), 400);
  const input = JSON.parse(settled) as { currency: string; rules: unknown };
  const parsed = rulesFormSchema.safeParse(input);
  const count = useQuery({
    queryKey: ['programmes', 'count', settled],
    enabled: parsed.success,
    staleTime: 30_000,
    queryFn: async () => {
      const r = await countQualifyingAction(input);
      if (!r.ok) throw new Error(r.messageKey);
      return r.data.count;
    },
  });
  let body: React.ReactNode;
  if (!parsed.success) {
    body = (
      <>
        <p>{t('invalid')}</p>
        <ul>
          {parsed.error.issues.slice(0, 8).map((i, n) => (
            <li key={n}>
              {where(i.path)}: {errorText(i.message)}
            </li>
          ))}
        </ul>
      </>
    );
  } else if (count.isError) body = <p>{t('failed')}</p>;
  else if (count.data === undefined) body = <p>{t('counting')}</p>;
  else body = <p>{count.data === 0 ? t('qualifyNone') : t('qualify', { count: count.data })}</p>;
  return (
    <section className={styles.count} aria-labelledby="live-count" aria-live="polite" aria-busy={count.isFetching}>
      <h2 id="live-count">{t('title')}</h2>
      {body}
    </section>
  );
}
