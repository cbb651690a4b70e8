import { getTranslations } from 'next-intl/server';
import { TableScroll } from '@/components/ui/table-scroll';
import { ACCESS } from '@/lib/auth/policy';
import { ROLES } from '@/lib/auth/roles';
import { REGISTRY_STATES } from '@/lib/registry/states';
import { HELP_AREAS, type HelpArea } from './areas';

// The help pages' generated parts: the role table is read from the access rules the guards use,
// the states table from the list the registry sync uses, so neither can drift from the code.

export async function RolesTable({ area }: { area: HelpArea }) {
  const [t, roles] = await Promise.all([getTranslations('ui.help'), getTranslations('roles')]);
  return (
    <TableScroll label={t('rolesCaption')}>
      <table>
        <caption className="muted">{t('rolesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('capability')}</th>
            {ROLES.map((role) => (
              <th key={role} scope="col">
                {roles(role)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {HELP_AREAS[area].map((capability) => (
            <tr key={capability}>
              <th scope="row">{t(`capabilities.${capability}`)}</th>
              {ROLES.map((role) => {
                const allowed = (ACCESS[capability] as readonly string[]).includes(role);
                return (
                  <td key={role} className={allowed ? 'allowed' : 'muted'}>
                    {allowed ? t('yes') : t('no')}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export async function HelpSteps({ name, count }: { name: 'import' | 'payments' | 'grievances'; count: number }) {
  const t = await getTranslations(`ui.help.steps.${name}`);
  return (
    <ol className="help-steps">
      {Array.from({ length: count }, (_, i) => (
        <li key={i}>{t(String(i + 1) as '1')}</li>
      ))}
    </ol>
  );
}

export async function RegistryStatesTable() {
  const [t, r] = await Promise.all([getTranslations('ui.help.states'), getTranslations('registry.states')]);
  return (
    <TableScroll label={t('caption')}>
      <table>
        <caption className="muted">{t('caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('state')}</th>
            <th scope="col">{t('meaning')}</th>
          </tr>
        </thead>
        <tbody>
          {REGISTRY_STATES.map((state) => (
            <tr key={state}>
              <th scope="row">{r(state)}</th>
              <td>{t(state)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
