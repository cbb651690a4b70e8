import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { GrievanceAttachments } from '@/components/grievances/attachments/grievance-attachments';
import { GrievanceActions } from '@/components/grievances/grievance-actions';
import { ReceiptLink } from '@/components/grievances/public/links';
import { GrievanceHistory } from '@/components/grievances/history';
import { SlaBadge } from '@/components/grievances/sla-badge';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { DomainError } from '@/lib/errors';
import { escalateBreached } from '@/lib/grievances/escalation';
import { amountText } from '@/lib/grievances/money';
import { assignableOfficers, readGrievance } from '@/lib/grievances/queries';
import { NEXT_STATUS, REOPEN_DAYS } from '@/lib/grievances/workflow';
import { uuidSchema } from '@/lib/validation';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('grievances.queue'))('title') };
}

export default async function GrievancePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await pageUser('grievances');
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) notFound();
  const now = new Date();
  await escalateBreached(user, now);
  const g = await readGrievance(user, id, now).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  const t = await getTranslations('grievances');
  const format = await getAppFormatter();
  const km = (await getLocale()) === 'km';
  const handles = can(user, 'grievanceHandling');
  const officers = handles ? await assignableOfficers(user) : [];
  const settled = g.status === 'closed' ? (g.closedAt ?? g.resolvedAt) : g.resolvedAt;
  const canReopen =
    handles &&
    ['resolved', 'rejected', 'closed'].includes(g.status) &&
    settled !== null &&
    now.getTime() - new Date(settled).getTime() <= REOPEN_DAYS * 24 * 3600_000;
  const day = (d: string) => format.day(d);
  const complainant =
    g.complainantKind === 'anonymous'
      ? t('detail.anonymous')
      : g.complainantKind === 'member'
        ? [g.memberNameKm, g.memberNameLatin].filter(Boolean).join(' / ')
        : g.complainantName;
  return (
    <ClientMessages paths={['errors', 'grievancePublic.attachments', 'grievances']}>
      <h1>
        {t('fields.reference')} {g.code}
      </h1>
      {g.sensitive && (
        <p className="notice">
          <strong>{t('detail.sensitive')}</strong>: {t('detail.sensitiveHint')}
        </p>
      )}
      {g.escalatedAt && g.sla === 'breached' && (
        <p className="notice" role="status">
          {t('detail.escalated', { date: format.date(g.escalatedAt) })}
        </p>
      )}
      <p>
        <ReceiptLink grievanceId={g.id} />
      </p>
      <section className="card">
        <dl className="facts">
          <dt>{t('fields.status')}</dt>
          <dd>{t(`status.${g.status}`)}</dd>
          <dt>{t('fields.sla')}</dt>
          <dd>
            <SlaBadge state={g.sla} label={g.sla ? t(`sla.${g.sla}`) : t('sla.none')} /> {t('fields.dueOn')}{' '}
            {day(g.dueOn)}
          </dd>
          <dt>{t('fields.received')}</dt>
          <dd>
            {format.dateTime(g.receivedAt)} — {t(`channel.${g.channel as 'walk_in'}`)} —{' '}
            {t(`source.${g.source as 'staff'}`)}
          </dd>
          <dt>{t('fields.category')}</dt>
          <dd>
            {km ? g.categoryNameKm : g.categoryNameEn}
            {g.subcategoryId && ` — ${km ? g.subcategoryNameKm : g.subcategoryNameEn}`}
          </dd>
          <dt>{t('fields.priority')}</dt>
          <dd>{t(`priority.${g.priority as 'normal'}`)}</dd>
          <dt>{t('fields.assignee')}</dt>
          <dd>{g.assigneeName ?? t('detail.notAssigned')}</dd>
          <dt>{t('detail.complainant')}</dt>
          <dd>
            {t(`kind.${g.complainantKind as 'member'}`)}: {complainant}
            {g.memberId && g.householdId && (
              <>
                {' '}
                <Link href={`/members/${g.memberId}`}>{t('detail.viewMember')}</Link>
              </>
            )}
          </dd>
          {g.contactPhone && (
            <>
              <dt>{t('fields.contactPhone')}</dt>
              <dd>{g.contactPhone}</dd>
            </>
          )}
          {g.paymentLineRef && (
            <>
              <dt>{t('fields.paymentLine')}</dt>
              <dd>
                {t('detail.payment', {
                  ref: g.paymentLineRef,
                  period: g.paymentPeriod ?? '',
                  amount: amountText(g.paymentAmount ?? 0, g.paymentCurrency ?? ''),
                  status: g.paymentStatus ?? '',
                })}
              </dd>
            </>
          )}
          {g.createdByName && (
            <>
              <dt>{t('fields.createdBy')}</dt>
              <dd>{g.createdByName}</dd>
            </>
          )}
        </dl>
        <h2>{t('detail.description')}</h2>
        <p className="prose">{g.description}</p>
        {g.resolution && (
          <>
            <h2>{t('fields.resolution')}</h2>
            <p className="prose">{g.resolution}</p>
          </>
        )}
      </section>
      {handles && (
        <GrievanceActions
          key={g.version}
          grievanceId={g.id}
          version={g.version}
          status={g.status}
          assignedTo={g.assignedTo}
          officers={officers.map((o) => ({ id: o.id, name: o.name }))}
          next={NEXT_STATUS[g.status]}
          canReopen={canReopen}
        />
      )}
      <GrievanceAttachments user={user} grievanceId={g.id} />
      <GrievanceHistory events={g.events} />
    </ClientMessages>
  );
}
