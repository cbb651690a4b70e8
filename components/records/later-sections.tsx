import { getTranslations } from 'next-intl/server';

/**
 * Places kept for the work that fills them: programmes, payments, grievances, registry status
 * (`without`: a section the page shows for real).
 */
export async function LaterSections({ without }: { without?: 'registry' } = {}) {
  const t = await getTranslations('records.later');
  const sections = [
    ['programmes', t('programmes'), t('programmesEmpty')],
    ['payments', t('payments'), t('paymentsEmpty')],
    ['grievances', t('grievances'), t('grievancesEmpty')],
    ['registry', t('registry'), t('registryEmpty')],
  ] as const;
  return (
    <>
      {sections
        .filter(([key]) => key !== without)
        .map(([key, title, empty]) => (
          <section key={key} className="card" aria-labelledby={`later-${key}`}>
            <h2 id={`later-${key}`}>{title}</h2>
            <p className="muted">{empty}</p>
          </section>
        ))}
    </>
  );
}
