import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { BenefitsSection } from '@/components/enrolments/benefits-section';
import { ChangeHeadForm, DeleteHouseholdForm } from '@/components/records/household-actions';
import { HistoryTable } from '@/components/records/history-table';
import { PrintButton } from '@/components/ui/print-button';
import { AddressTerms, MembersTable, StatusBadge } from '@/components/records/record-parts';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { DomainError } from '@/lib/errors';
import { nationalPhone } from '@/lib/records/form-values';
import { householdHistory } from '@/lib/records/history';
import { canDelete, householdRecord } from '@/lib/records/read';
import { membersSync } from '@/lib/registry/queries';
import { enrolHouseholdInProgrammeAction } from './actions';
import { ClientMessages } from '@/components/client-messages';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One read per request, shared by the metadata and the page. */
const load = cache(async (id: string) => {
  const actor = await pageUser('households');
  try {
    return { actor, ...(await householdRecord(actor, id)) };
  } catch (e) {
    // Another operator's household, an unknown or a malformed id: all the same 404.
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: Props) {
  const { household } = await load((await params).id);
  return { title: (await getTranslations('records.household'))('title', { code: household.code }) };
}

export default async function HouseholdPage({ params, searchParams }: Props) {
  const { actor, household: h, address, members } = await load((await params).id);
  const saved = (await searchParams).saved === '1';
  const registry = can(actor, 'registry');
  const [t, e, r, history, format, sync] = await Promise.all([
    getTranslations('records'),
    getTranslations('enrol'),
    getTranslations('registry'),
    householdHistory(actor, h.id),
    getAppFormatter(),
    // One query for all members' sync states (not one per member).
    registry
      ? membersSync(
          actor,
          members.map((m) => m.id),
        )
      : new Map<string, never>(),
  ]);
  const edits = can(actor, 'enrolment');
  const active = members.filter((m) => m.status === 'active');
  const hasActiveHead = active.some((m) => m.relationship === 'head');
  const enrolled = format.dateTime(h.createdAt);
  return (
    <ClientMessages
      paths={[
        'enrol',
        'enrolments.section',
        'errors',
        'records.delete',
        'records.head',
        'relationships',
        'ui.confirm',
        'ui.print',
      ]}
    >
      <h1>{t('household.title', { code: h.code })}</h1>
      <p>
        <StatusBadge status={h.status} />{' '}
        <span className="muted">
          {h.createdByName
            ? t('household.enrolled', { date: enrolled, name: h.createdByName })
            : t('household.enrolledBySystem', { date: enrolled })}
        </span>
      </p>
      <p>
        <PrintButton card="household" />
      </p>
      {saved && (
        <p className="form-ok" role="status">
          {t('household.saved')}
        </p>
      )}
      {edits && (
        <p>
          <Link className="button" href={`/households/${h.id}/edit`}>
            {t('household.edit')}
          </Link>
        </p>
      )}

      <section className="card" aria-labelledby="household-details">
        <h2 id="household-details">{t('household.details')}</h2>
        <dl className="record">
          <div>
            <dt>{t('household.code')}</dt>
            <dd>{h.code}</dd>
          </div>
          <AddressTerms villageCode={h.villageCode} units={address} />
          <div>
            <dt>{e('addressLine')}</dt>
            <dd>{h.addressLine ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('household.idpoor')}</dt>
            <dd>
              {h.idpoorNumber
                ? t('household.idpoorWithLevel', { number: h.idpoorNumber, level: h.idpoorLevel ?? '—' })
                : t('household.idpoorNone')}
            </dd>
          </div>
          <div>
            <dt>{e('phone')}</dt>
            <dd>{h.phone ? nationalPhone(h.phone) : '—'}</dd>
          </div>
          <div>
            <dt>{t('history.fields.status')}</dt>
            <dd>
              <StatusBadge status={h.status} />
            </dd>
          </div>
          <div>
            <dt>{e('notes')}</dt>
            <dd>{h.notes ?? '—'}</dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="household-members">
        <h2 id="household-members">{t('household.members')}</h2>
        {!hasActiveHead && active.length > 0 && <p className="form-error">{t('household.noHead')}</p>}
        <MembersTable members={members} />
      </section>

      {edits && active.some((m) => m.relationship !== 'head') && (
        <section className="card" aria-labelledby="household-head">
          <h2 id="household-head">{t('head.title')}</h2>
          <ChangeHeadForm
            householdId={h.id}
            candidates={active
              .filter((m) => m.relationship !== 'head')
              .map((m) => ({ id: m.id, name: `${m.surnameKm} ${m.givenNameKm}` }))}
          />
        </section>
      )}

      <BenefitsSection
        actor={actor}
        householdId={h.id}
        canEnrol={h.status === 'active'}
        action={enrolHouseholdInProgrammeAction}
      />

      {registry ? (
        <>
          <section className="card" aria-labelledby="household-registry">
            <h2 id="household-registry">{t('later.registry')}</h2>
            <ul className="plain">
              {members.map((m) => {
                const s = sync.get(m.id);
                return (
                  <li key={m.id}>
                    <Link href={`/members/${m.id}`}>
                      {m.surnameKm} {m.givenNameKm}
                    </Link>
                    {s && (
                      <>
                        {' '}
                        <span className="badge">
                          {r('status.label')}: {r(`states.${s.state}`)}
                        </span>
                        {s.spid && (
                          <>
                            {' '}
                            <span>{r('status.spid', { spid: s.spid })}</span>
                          </>
                        )}
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        </>
      ) : null}

      <section className="card" aria-labelledby="household-history">
        <h2 id="household-history">{t('history.title')}</h2>
        <HistoryTable actor={actor} entries={history} householdView />
      </section>

      {canDelete(actor, h) && members.every((m) => m.withinDeleteWindow) && (
        <section className="card conflict" aria-labelledby="household-delete">
          <h2 id="household-delete">{t('delete.householdTitle')}</h2>
          <p>{t('delete.intro')}</p>
          <DeleteHouseholdForm householdId={h.id} />
        </section>
      )}
    </ClientMessages>
  );
}
