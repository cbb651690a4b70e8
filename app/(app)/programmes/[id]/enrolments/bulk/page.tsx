import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { BulkConfirm } from '@/components/enrolments/bulk-confirm';
import { BulkSourceForm } from '@/components/enrolments/bulk-source-form';
import { TableScroll } from '@/components/ui/table-scroll';
import { pageUser } from '@/lib/auth/page';
import { DomainError } from '@/lib/errors';
import { BULK_REASONS, previewBulkEnrolment, type BulkPreview } from '@/lib/programmes/enrolment-bulk';
import { bulkEnrolSchema, BULK_SOURCES } from '@/lib/programmes/enrolment-bulk-schema';
import { getProgramme } from '@/lib/programmes/service';
import { listProvinces } from '@/lib/search/page';
import { firstValues } from '@/lib/search/schema';
import { ClientMessages } from '@/components/client-messages';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const FILTERS = ['q', 'province', 'district', 'commune', 'village', 'sex', 'ageMin', 'ageMax', 'disability', 'status'];

// Bulk enrolment: the source and the search's filters travel in the URL (a GET form), the preview
// is computed here on the server, and the confirmation sends the same values to the action.
export default async function BulkEnrolPage({ params, searchParams }: Props) {
  const actor = await pageUser('benefitEnrolment');
  const { id } = await params;
  const programme = await getProgramme(actor, id).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  const raw = firstValues(await searchParams);
  const source = (BULK_SOURCES as readonly string[]).includes(raw.source ?? '') ? raw.source! : 'eligibility';
  const filters = Object.fromEntries(FILTERS.filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]]));
  const input = { programmeId: programme.id, source, filters: { q: '', ...filters } };
  const [t, locale] = await Promise.all([getTranslations('enrolments'), getLocale()]);
  const provinces = await listProvinces(locale);
  const parsed = bulkEnrolSchema.safeParse(input);
  const fieldErrors = parsed.success
    ? {}
    : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path.at(-1)), i.message]));
  let preview: BulkPreview | null = null;
  let error: string | null = null;
  if (parsed.success && raw.preview === '1') {
    try {
      preview = await previewBulkEnrolment(actor, parsed.data);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      error = e.messageKey;
    }
  }
  const name = locale === 'km' ? programme.nameKm : programme.nameEn;
  return (
    <ClientMessages paths={['enrolments.bulk', 'errors', 'gazetteer.picker', 'search']}>
      <h1>{t('bulk.title', { programme: name })}</h1>
      <p>
        <Link href={`/programmes/${programme.id}/enrolments`}>{t('list.back')}</Link>
      </p>
      <BulkSourceForm source={source} values={filters} errors={fieldErrors} provinces={provinces} />
      {error && (
        <p className="form-error" role="alert">
          {(await getTranslations('errors'))(error as 'INVALID')}
        </p>
      )}
      {preview && (
        <section className="card" aria-labelledby="bulk-preview">
          <h2 id="bulk-preview">{t('bulk.previewTitle')}</h2>
          <p className="muted">{t('bulk.previewIntro')}</p>
          <TableScroll label={(await getTranslations('ui'))('tableOf', { name: t('bulk.previewTitle') })}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('bulk.reason')}</th>
                  <th scope="col">{t('bulk.households')}</th>
                  <th scope="col">{t('bulk.sample')}</th>
                </tr>
              </thead>
              <tbody>
                {BULK_REASONS.map((r) => (
                  <tr key={r}>
                    <th scope="row">{t(`bulk.reasons.${r}`)}</th>
                    <td>{preview.counts[r]}</td>
                    <td>
                      {preview.samples[r].map((s, i) => (
                        <span key={s.householdId}>
                          {i > 0 && ', '}
                          <Link href={`/households/${s.householdId}`}>{s.code}</Link>
                          {s.headName && ` (${s.headName})`}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {preview.counts.qualifies === 0 ? (
            <p>{t('bulk.nothing')}</p>
          ) : (
            <BulkConfirm input={input} count={preview.counts.qualifies} />
          )}
        </section>
      )}
    </ClientMessages>
  );
}
