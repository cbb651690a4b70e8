import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { HelpSteps, RegistryStatesTable, RolesTable } from '@/components/help/help-parts';
import { HELP_STEPS, isHelpArea } from '@/components/help/areas';
import { pageUser } from '@/lib/auth/page';

type Props = { params: Promise<{ area: string }> };

export async function generateMetadata({ params }: Props) {
  await pageUser();
  const { area } = await params;
  const t = await getTranslations('ui.help');
  return { title: isHelpArea(area) ? `${t('title')}: ${t(`areas.${area}.title`)}` : t('title') };
}

/** One area's help: what it is for, who may do what (read from lib/auth/policy.ts), how its work flows. */
export default async function HelpAreaPage({ params }: Props) {
  await pageUser();
  const { area } = await params;
  if (!isHelpArea(area)) notFound();
  const t = await getTranslations('ui.help');
  const steps = HELP_STEPS[area];
  return (
    <>
      <p>
        <Link href="/help">{t('back')}</Link>
      </p>
      <h1>{t(`areas.${area}.title`)}</h1>
      <p>{t(`areas.${area}.intro`)}</p>
      <section className="card" aria-labelledby="help-roles">
        <h2 id="help-roles">{t('roles')}</h2>
        <RolesTable area={area} />
        {area === 'admin' && <p>{t('platformAdmin')}</p>}
      </section>
      {steps && (
        <section className="card" aria-labelledby="help-steps">
          <h2 id="help-steps">{t(`steps.title.${steps.name}`)}</h2>
          <HelpSteps name={steps.name} count={steps.count} />
        </section>
      )}
      {area === 'registry' && (
        <section className="card" aria-labelledby="help-states">
          <h2 id="help-states">{t('states.title')}</h2>
          <RegistryStatesTable />
        </section>
      )}
    </>
  );
}
