import { getLocale, getTranslations } from 'next-intl/server';
import { CategoryForm, HolidayForm, RemoveHolidayButton } from '@/components/grievances/settings-forms';
import { pageUser } from '@/lib/auth/page';
import { listCategories } from '@/lib/grievances/categories';
import { listHolidays } from '@/lib/grievances/settings';
import { cambodiaDay } from '@/lib/grievances/sla';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('grievances.settings'))('title') };
}

/** Categories (names, sub-categories, service levels, sensitivity) and holidays: the operator administrator's. */
export default async function GrievanceSettingsPage() {
  const user = await pageUser('grievanceSettings');
  const t = await getTranslations('grievances.settings');
  const km = (await getLocale()) === 'km';
  const [categories, holidays] = await Promise.all([listCategories(user), listHolidays(user, cambodiaDay(new Date()))]);
  const name = (c: { nameKm: string; nameEn: string }) => (km ? c.nameKm : c.nameEn);
  const parents = categories.filter((c) => !c.parentId).map((c) => ({ value: c.id, label: name(c) }));
  return (
    <ClientMessages paths={['errors', 'grievances']}>
      <h1>{t('title')}</h1>
      <section className="card stack" aria-labelledby="s-categories">
        <h2 id="s-categories">{t('categories')}</h2>
        {categories.map((c) => (
          <details key={c.id}>
            <summary>
              {c.parentId && `${name(categories.find((p) => p.id === c.parentId) ?? c)} › `}
              {name(c)} — {t('slaDays')}: {c.slaDays}
              {c.sensitive && ` — ${t('sensitiveShort')}`}
              {!c.active && ` — ${t('inactive')}`}
            </summary>
            <CategoryForm
              label={t('editing', { name: name(c) })}
              parents={parents}
              values={{
                categoryId: c.id,
                parentId: c.parentId ?? '',
                code: c.code,
                nameKm: c.nameKm,
                nameEn: c.nameEn,
                slaDays: String(c.slaDays),
                sensitive: c.sensitive,
                active: c.active,
              }}
            />
          </details>
        ))}
        <h3>{t('add')}</h3>
        <CategoryForm
          label={t('add')}
          parents={parents}
          values={{
            categoryId: '',
            parentId: '',
            code: '',
            nameKm: '',
            nameEn: '',
            slaDays: '10',
            sensitive: false,
            active: true,
          }}
        />
      </section>
      <section className="card stack" aria-labelledby="s-holidays">
        <h2 id="s-holidays">{t('holidays')}</h2>
        <p className="hint">{t('holidaysHint')}</p>
        {holidays.length === 0 ? (
          <p className="muted">{t('noHolidays')}</p>
        ) : (
          <ul>
            {holidays.map((h) => (
              <li key={h.day}>
                <time dateTime={h.day}>{h.day}</time> {km ? (h.nameKm ?? h.nameEn) : (h.nameEn ?? h.nameKm)}{' '}
                <RemoveHolidayButton day={h.day} label={t('removeDay', { day: h.day })} />
              </li>
            ))}
          </ul>
        )}
        <HolidayForm />
      </section>
    </ClientMessages>
  );
}
