import { getTranslations } from 'next-intl/server';

/** Places kept for the work that fills them: programmes, payments, grievances, registry status. */
export async function LaterSections() {
  const t = await getTranslations('records.later');
  const sections = [
    ['programmes', t('programmes'), t('programmesEmpty')],
    ['payments', t('payments'), t('paymentsEmpty')],
    ['grievances', t('grievances'), t('grievancesEmpty')],
    ['registry', t('registry'), t('registryEmpty')],
  ] as const;
  return (
    <>
      {sections.map(([key, title, empty]) => (
        <section key={key} className="card" aria-labelledby={`later-${key}`}>
          <h2 id={`later-${key}`}>{title}</h2>
          <p className="muted">{empty}</p>
        </section>
      ))}
    </>
  );
}
