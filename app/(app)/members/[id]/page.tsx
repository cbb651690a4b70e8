import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { BenefitsSection } from '@/components/enrolments/benefits-section';
import { DeleteMemberForm } from '@/components/records/household-actions';
import { HistoryTable } from '@/components/records/history-table';
import { PrintButton } from '@/components/ui/print-button';
import { MemberGrievances } from '@/components/grievances/member-grievances';
import { MoveMemberForm, RecordDeathForm, RecordExitForm } from '@/components/records/member-actions';
import { AddressTerms, AgeText, StatusBadge } from '@/components/records/record-parts';
import { MemberRegistrySection } from '@/components/registry/member-registry';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { DomainError } from '@/lib/errors';
import { nationalPhone } from '@/lib/records/form-values';
import { memberHistory } from '@/lib/records/history';
import { looseTranslator, valueText } from '@/lib/records/history-text';
import { canDelete, findMember, villageAddress } from '@/lib/records/read';
import { verifyKhmerIdAction } from '../../registry-sync/actions';
import { enrolMemberInProgrammeAction } from './actions';
import { ClientMessages } from '@/components/client-messages';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const load = cache(async (id: string) => {
  const actor = await pageUser('households');
  try {
    return { actor, member: await findMember(actor, id) };
  } catch (e) {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: Props) {
  const { member } = await load((await params).id);
  return { title: `${member.surnameKm} ${member.givenNameKm}` };
}

export default async function MemberPage({ params, searchParams }: Props) {
  const { actor, member: m } = await load((await params).id);
  const saved = (await searchParams).saved === '1';
  const [t, e, root, format, locale, history, address] = await Promise.all([
    getTranslations('records'),
    getTranslations('enrol'),
    getTranslations(),
    getAppFormatter(),
    getLocale(),
    memberHistory(actor, m.id),
    villageAddress(m.householdVillageCode),
  ]);
  // Coded values (sex, relationship, disability…) read as the history shows them.
  const refs = { householdCodes: {}, memberNames: {}, deletedMemberNames: {}, villages: {} };
  const text = (field: string, v: unknown) =>
    valueText({ t: looseTranslator(root), format, locale, householdView: false, refs }, field, v);
  const edits = can(actor, 'enrolment');
  const active = m.status === 'active';
  const latin = [m.surnameLatin, m.givenNameLatin].filter(Boolean).join(' ');
  const added = format.dateTime(m.createdAt);
  const date = (d: string | null) => (d ? format.day(d) : '—');
  const term = (label: string, value: React.ReactNode) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <ClientMessages
      paths={[
        'enrol',
        'enrolments.section',
        'errors',
        'records.death',
        'records.delete',
        'records.exit',
        'records.head',
        'records.move',
        'registry.camdx',
        'registry.dashboard.verify',
        'registry.status',
        'relationships',
        'ui.confirm',
        'ui.print',
      ]}
    >
      <h1>
        {m.surnameKm} {m.givenNameKm}
        {latin && <span className="muted"> · {latin}</span>}
      </h1>
      <p>
        <StatusBadge status={m.status} />{' '}
        <span className="muted">
          {m.createdByName
            ? t('member.enrolled', { date: added, name: m.createdByName })
            : t('member.enrolledBySystem', { date: added })}
        </span>
      </p>
      <p>
        {t('member.household')}:{' '}
        <Link href={`/households/${m.householdId}`}>{t('household.title', { code: m.householdCode })}</Link>
      </p>
      <p>
        <PrintButton card="member" />
      </p>
      {saved && (
        <p className="form-ok" role="status">
          {t('member.saved')}
        </p>
      )}
      {edits && (
        <p>
          <Link className="button" href={`/members/${m.id}/edit`}>
            {t('member.edit')}
          </Link>
        </p>
      )}

      <section className="card" aria-labelledby="member-details">
        <h2 id="member-details">{t('member.title')}</h2>
        <dl className="record">
          {term(e('surnameKm'), m.surnameKm)}
          {term(e('givenNameKm'), m.givenNameKm)}
          {term(e('surnameLatin'), m.surnameLatin ?? '—')}
          {term(e('givenNameLatin'), m.givenNameLatin ?? '—')}
          {term(e('sex'), text('sex', m.sex))}
          {term(t('member.age'), <AgeText m={m} />)}
          {term(e('relationship'), text('relationship', m.relationship))}
          {term(e('khmerId'), m.khmerId ?? '—')}
          {term(e('birthCertificateNo'), m.birthCertificateNo ?? '—')}
          {term(e('phone'), m.phone ? nationalPhone(m.phone) : '—')}
          {term(e('maritalStatus'), text('maritalStatus', m.maritalStatus))}
          {term(t('member.disability'), text('disability', m.disability ?? {}))}
          {term(t('member.hasDisability'), text('hasDisability', m.hasDisability))}
          {term(t('member.chronicIllness'), text('chronicIllness', m.chronicIllness))}
          {term(t('history.fields.status'), <StatusBadge status={m.status} />)}
          {m.deathDate && term(t('member.deathDate'), date(m.deathDate))}
          {m.exitDate && term(t('member.exitDate'), date(m.exitDate))}
          {m.exitReason && term(t('member.exitReason'), m.exitReason)}
        </dl>
        <h3>{t('household.address')}</h3>
        <dl className="record">
          <AddressTerms villageCode={m.householdVillageCode} units={address} />
        </dl>
      </section>

      <BenefitsSection
        actor={actor}
        householdId={m.householdId}
        memberId={m.id}
        canEnrol={active}
        action={enrolMemberInProgrammeAction}
      />

      <MemberGrievances memberId={m.id} user={actor} />

      {can(actor, 'registry') && (
        <MemberRegistrySection
          actor={actor}
          memberId={m.id}
          khmerId={m.khmerId}
          verify={can(actor, 'registrySync') ? verifyKhmerIdAction : undefined}
        />
      )}

      {edits && active && (
        <section className="card" aria-labelledby="member-move">
          <h2 id="member-move">{t('move.title')}</h2>
          {m.relationship === 'head' ? (
            <p className="muted">{t('move.headHint')}</p>
          ) : (
            <MoveMemberForm memberId={m.id} />
          )}
        </section>
      )}
      {edits && active && (
        <section className="card" aria-labelledby="member-death">
          <h2 id="member-death">{t('death.title')}</h2>
          <RecordDeathForm memberId={m.id} />
        </section>
      )}
      {edits && active && (
        <section className="card" aria-labelledby="member-exit">
          <h2 id="member-exit">{t('exit.title')}</h2>
          <RecordExitForm memberId={m.id} />
        </section>
      )}

      <section className="card" aria-labelledby="member-history">
        <h2 id="member-history">{t('history.title')}</h2>
        <HistoryTable actor={actor} entries={history} householdView={false} />
      </section>

      {canDelete(actor, m) && m.relationship !== 'head' && (
        <section className="card conflict" aria-labelledby="member-delete">
          <h2 id="member-delete">{t('delete.memberTitle')}</h2>
          <p>{t('delete.intro')}</p>
          <DeleteMemberForm memberId={m.id} />
        </section>
      )}
    </ClientMessages>
  );
}
