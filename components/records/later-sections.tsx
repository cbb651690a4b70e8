import { getTranslations } from 'next-intl/server';

/**
 * Places kept for the work that fills them: programmes, payments, grievances, registry status
 * (`without`: the sections the page shows for real).
 */
type LaterSection = 'programmes' | 'payments' | 'grievances' | 'registry';
export async function LaterSections({ without }: { without?: LaterSection | readonly LaterSection[] } = {}) {
  const shown = (key: LaterSection) => (Array.isArray(without) ? !without.includes(key) : key !== without);
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
        .filter(([key]) => shown(key))
        .map(([key, title, empty]) => (
          <section key={key} className="card" aria-labelledby={`later-${key}`}>
            <h2 id={`later-${key}`}>{title}</h2>
            <p className="muted">{empty}</p>
          </section>
        ))}
    </>
  );
}
