import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { LinesTable } from '@/components/payments/lines-table';
import { CarryButton, MoveButton, RejectForm } from '@/components/payments/list-actions';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { DomainError } from '@/lib/errors';
import { carriableCount, followUpsOf, formatAmount, getPaymentList, listLines } from '@/lib/payments/lists';
import { linesQuerySchema } from '@/lib/payments/schemas';
import type { ListStatus } from '@/lib/payments/values';
import { ClientMessages } from '@/components/client-messages';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One read per request, shared by the metadata and the page; another operator's list is a 404. */
const load = cache(async (id: string) => {
  const actor = await pageUser('payments');
  try {
    return { actor, list: await getPaymentList(actor, id) };
  } catch (e) {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: Props) {
  const { list } = await load((await params).id);
  return { title: (await getTranslations('payments.detail'))('title', { code: list.code }) };
}

const FILE_STATES: ListStatus[] = ['approved', 'exported', 'reconciled', 'closed'];
const RESULT_STATES: ListStatus[] = ['exported', 'reconciled'];

export default async function PaymentListPage({ params, searchParams }: Props) {
  const { actor, list: l } = await load((await params).id);
  const sp = Object.fromEntries(
    Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]),
  );
  const parsedLines = linesQuerySchema.safeParse({ status: sp.status, after: sp.after });
  const lq = parsedLines.success ? parsedLines.data : linesQuerySchema.parse({});
  const [t, locale, format, lines, followUps, carriable] = await Promise.all([
    getTranslations('payments'),
    getLocale(),
    getAppFormatter(),
    listLines(actor, l.id, lq),
    followUpsOf(actor, l.id),
    carriableCount(actor, l.id),
  ]);
  const status = l.status as ListStatus;
  const money = (n: number) => formatAmount(n, l.currency, locale);
  const when = (d: Date | null) => (d ? format.dateTime(d) : '');
  const who = (name: string | null, at: Date | null) =>
    at ? t('detail.byOn', { name: name ?? '—', date: when(at) }) : t('detail.notYet');
  const lists = can(actor, 'paymentLists');
  const approves = can(actor, 'paymentApproval');
  const isMaker = l.generatedBy === actor.id || l.submittedBy === actor.id;
  const pending = l.lineCount - l.paidCount - l.failedCount;
  const generatedNote =
    sp.zero !== undefined && sp.ineligible !== undefined
      ? t('detail.generatedNote', {
          lines: l.lineCount,
          zero: Number(sp.zero) || 0,
          ineligible: Number(sp.ineligible) || 0,
        })
      : null;

  const actions: React.ReactNode[] = [];
  if (status === 'draft' && lists) {
    actions.push(<MoveButton key="submit" move="submit" listId={l.id} version={l.version} />);
    if (!l.followsListId)
      actions.push(<MoveButton key="regenerate" move="regenerate" listId={l.id} version={l.version} />);
  }
  if (status === 'submitted') {
    if (approves && !isMaker) {
      actions.push(<MoveButton key="approve" move="approve" listId={l.id} version={l.version} />);
      actions.push(<RejectForm key="reject" listId={l.id} version={l.version} />);
    } else {
      actions.push(
        <p key="why" className="muted">
          {approves ? t('actions.makerCannotApprove') : t('actions.waitingApproval')}
        </p>,
      );
    }
  }
  if (lists && RESULT_STATES.includes(status) && carriable > 0)
    actions.push(<CarryButton key="carry" listId={l.id} count={carriable} />);
  if (status === 'reconciled' && lists)
    actions.push(<MoveButton key="close" move="close" listId={l.id} version={l.version} />);

  return (
    <ClientMessages paths={['errors', 'payments.actions']}>
      <p>
        <Link href="/payments">{t('detail.back')}</Link>
      </p>
      <h1>{t('detail.title', { code: l.code })}</h1>
      <p>
        <strong>{t(`status.${status}`)}</strong>
      </p>
      {generatedNote && (
        <p className="form-ok" role="status">
          {generatedNote}
        </p>
      )}
      {status === 'draft' && l.rejectionReason && (
        <p className="form-error" role="status">
          {t('detail.rejected', { reason: l.rejectionReason })}
        </p>
      )}

      <section className="card" aria-labelledby="list-details">
        <h2 id="list-details">{t('detail.details')}</h2>
        <dl className="record">
          <div>
            <dt>{t('detail.programme')}</dt>
            <dd>
              {l.programmeCode} — {locale === 'km' ? l.programmeNameKm : l.programmeNameEn}
            </dd>
          </div>
          <div>
            <dt>{t('detail.period')}</dt>
            <dd>{l.period}</dd>
          </div>
          <div>
            <dt>{t('detail.paymentDate')}</dt>
            <dd>{l.paymentDate}</dd>
          </div>
          <div>
            <dt>{t('detail.currency')}</dt>
            <dd>{l.currency}</dd>
          </div>
          {l.followsListId && (
            <div>
              <dt>{t('detail.follows')}</dt>
              <dd>
                <Link href={`/payments/${l.followsListId}`}>{l.followsCode}</Link>
              </dd>
            </div>
          )}
          {followUps.length > 0 && (
            <div>
              <dt>{t('detail.followUps')}</dt>
              <dd>
                {followUps.map((f, i) => (
                  <span key={f.id}>
                    {i > 0 && ', '}
                    <Link href={`/payments/${f.id}`}>{f.code}</Link>
                  </span>
                ))}
              </dd>
            </div>
          )}
          <div>
            <dt>{t('detail.generated')}</dt>
            <dd>{who(l.generatedByName, l.generatedAt)}</dd>
          </div>
          <div>
            <dt>{t('detail.submitted')}</dt>
            <dd>{who(l.submittedByName, l.submittedAt)}</dd>
          </div>
          <div>
            <dt>{t('detail.approved')}</dt>
            <dd>{who(l.approvedByName, l.approvedAt)}</dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="list-totals">
        <h2 id="list-totals">{t('detail.totals')}</h2>
        <dl className="record">
          <div>
            <dt>{t('detail.total')}</dt>
            <dd>
              {money(l.totalAmount)} ({format.number(l.lineCount)} {t('detail.lines')})
            </dd>
          </div>
          <div>
            <dt>{t('detail.paid')}</dt>
            <dd>
              {money(l.paidAmount)} ({format.number(l.paidCount)})
            </dd>
          </div>
          <div>
            <dt>{t('detail.failed')}</dt>
            <dd>
              {money(l.failedAmount)} ({format.number(l.failedCount)})
            </dd>
          </div>
          <div>
            <dt>{t('detail.pending')}</dt>
            <dd>
              {money(l.totalAmount - l.paidAmount - l.failedAmount)} ({format.number(pending)})
            </dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="list-actions">
        <h2 id="list-actions">{t('actions.title')}</h2>
        {actions.length ? actions : <p className="muted">{t('actions.none')}</p>}
      </section>

      <section className="card" aria-labelledby="list-files">
        <h2 id="list-files">{t('detail.files')}</h2>
        <ul className="plain">
          {FILE_STATES.includes(status) && lists && (
            <li>
              <a href={`/payments/${l.id}/file`}>{t('detail.download')}</a>
            </li>
          )}
          <li>
            <Link href={`/payments/${l.id}/summary`}>{t('detail.summary')}</Link>
          </li>
          {RESULT_STATES.includes(status) && lists && (
            <li>
              <Link href={`/payments/${l.id}/results`}>{t('detail.results')}</Link>
            </li>
          )}
        </ul>
      </section>

      <LinesTable
        listId={l.id}
        status={lq.status}
        after={lq.after}
        next={lines.next}
        rows={lines.items.map((x) => ({
          id: x.id,
          lineNo: x.lineNo,
          lineRef: x.lineRef,
          householdId: x.householdId,
          householdCode: x.householdCode,
          recipient: x.recipientNameKm,
          recipientLatin: x.recipientNameLatin,
          proxy: x.proxyName !== null,
          khmerId: x.recipientKhmerId,
          channel: x.channel,
          account: x.account ?? x.phone,
          amount: money(x.amount),
          status: x.status,
          carried: x.carriedToLineId !== null,
        }))}
      />
    </ClientMessages>
  );
}
