import Link from 'next/link';
import { after } from 'next/server';
import { getLocale, getTranslations } from 'next-intl/server';
import type { OperatorUser } from '@/lib/auth/guards';
import { formatCount } from '@/lib/dashboard/format';
import { homeDashboard, type DashboardData } from '@/lib/dashboard/read';
import { refreshDashboard } from '@/lib/dashboard/refresh';
import { shortcutsFor } from '@/lib/dashboard/shortcuts';
import type { AgeBand } from '@/lib/dashboard/values';
import { cambodiaDay, type SlaState } from '@/lib/grievances/sla';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { systemLogger } from '@/lib/log';
import { formatMoney } from '@/lib/programmes/format-money';
import { ENROLMENT_STATUSES } from '@/lib/payments/values';
import { REGISTRY_STATES } from '@/lib/registry/states';
import { BarChart } from './bar-chart';
import styles from './dashboard.module.css';

// The operator user's home dashboard (issue 14): shortcuts to the role's daily tasks, then one chart
// per block the role may read. Everything is formatted here, on the server.

const COLORS = {
  women: '#b8336a',
  men: '#0b5cad',
  one: '#0b5cad',
  ok: '#067647',
  warn: '#b54708',
  bad: '#b42318',
  grey: '#667085',
  violet: '#6941c6',
};
const ENROLMENT_COLORS = [COLORS.ok, COLORS.warn, COLORS.grey, COLORS.violet];

export async function HomeDashboard({ user }: { user: OperatorUser }) {
  const now = new Date();
  const data = await homeDashboard(user, { now });
  // Stale counts are shown at once (with their time) and recomputed after the answer is sent, by
  // whichever instance gets the operator's lock first.
  if (data.stale) {
    after(() =>
      refreshDashboard(user).catch((e: unknown) => systemLogger('dashboard').error({ err: e }, 'refresh failed')),
    );
  }
  const t = await getTranslations('dashboard');
  const format = await getAppFormatter();
  const locale = await getLocale();
  const n = (v: number) => formatCount(v, locale);
  const shortcuts = shortcutsFor(user, cambodiaDay(now));
  return (
    <>
      {shortcuts.length > 0 && (
        <section className="card" aria-labelledby="dash-shortcuts">
          <h2 id="dash-shortcuts">{t('shortcuts.title')}</h2>
          <ul className={styles.shortcuts}>
            {shortcuts.map((s) => (
              <li key={s.key}>
                <Link href={s.href}>
                  {s.key === 'listsAwaitingApproval'
                    ? t('shortcuts.listsAwaitingApproval', { count: n(data.payments?.awaitingApproval ?? 0) })
                    : t(`shortcuts.${s.key}`)}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card" aria-labelledby="dash-overview">
        <h2 id="dash-overview">{t('title')}</h2>
        <p className={styles.note}>{t('asOf', { time: format.dateTime(data.asOf) })}</p>
        <div className={styles.grid}>
          {data.members && <MemberCharts data={data.members} n={n} />}
          {data.enrolments && <EnrolmentChart data={data.enrolments} n={n} km={locale === 'km'} />}
          {data.payments && <PaymentCharts data={data.payments} n={n} locale={locale} />}
          {data.grievances && <GrievanceChart data={data.grievances} n={n} />}
          {data.registry && <RegistryChart data={data.registry} n={n} />}
        </div>
      </section>
    </>
  );
}

type Fmt = (v: number) => string;

async function MemberCharts({ data, n }: { data: NonNullable<DashboardData['members']>; n: Fmt }) {
  const t = await getTranslations('dashboard.members');
  const km = (await getLocale()) === 'km';
  const legend = [
    { label: t('women'), color: COLORS.women },
    { label: t('men'), color: COLORS.men },
  ];
  const headers = (first: string) => [first, t('women'), t('men'), t('total')];
  // Ages as placeholders, so that their digits are those of the counts (lib/dashboard/format.ts).
  const ageLabel = (band: AgeBand) => {
    const [from, to] = band.split(/[-+]/).map(Number);
    if (from === 0) return t('bands.under', { age: n(to! + 1) });
    return band.endsWith('+') ? t('bands.over', { age: n(from!) }) : t('bands.range', { from: n(from!), to: n(to!) });
  };
  const row = (key: string, label: string, r: { F: number; M: number }) => ({
    key,
    label,
    segments: [
      { value: r.F, color: COLORS.women },
      { value: r.M, color: COLORS.men },
    ],
    valueText: n(r.F + r.M),
    cells: [n(r.F), n(r.M), n(r.F + r.M)],
  });
  return (
    <>
      <div>
        <BarChart
          id="dash-provinces"
          title={t('byProvince')}
          headers={headers(t('province'))}
          legend={legend}
          rows={data.provinces.map((p) =>
            row(p.code || 'unknown', (km ? p.nameKm : p.nameLatin) ?? p.nameLatin ?? t('unknownProvince'), p),
          )}
          note={data.total === 0 ? t('none') : t('totalNote', { count: n(data.total) })}
        />
      </div>
      <div>
        <BarChart
          id="dash-ages"
          title={t('byAge')}
          headers={headers(t('ageBand'))}
          legend={legend}
          rows={data.ageBands.map((b) => row(b.band, ageLabel(b.band), b))}
        />
      </div>
    </>
  );
}

async function EnrolmentChart({
  data,
  n,
  km,
}: {
  data: NonNullable<DashboardData['enrolments']>;
  n: Fmt;
  km: boolean;
}) {
  const t = await getTranslations('dashboard.enrolments');
  const status = await getTranslations('enrolments.statuses');
  return (
    <div>
      <BarChart
        id="dash-enrolments"
        title={t('title')}
        headers={[t('programme'), ...ENROLMENT_STATUSES.map((s) => status(s))]}
        legend={ENROLMENT_STATUSES.map((s, i) => ({ label: status(s), color: ENROLMENT_COLORS[i]! }))}
        rows={data.map((p) => ({
          key: p.id,
          label: km ? p.nameKm : p.nameEn,
          segments: ENROLMENT_STATUSES.map((s, i) => ({ value: p.counts[s], color: ENROLMENT_COLORS[i]! })),
          valueText: n(ENROLMENT_STATUSES.reduce((sum, s) => sum + p.counts[s], 0)),
          cells: ENROLMENT_STATUSES.map((s) => n(p.counts[s])),
        }))}
        note={data.length === 0 ? t('none') : undefined}
      />
    </div>
  );
}

async function PaymentCharts({
  data,
  n,
  locale,
}: {
  data: NonNullable<DashboardData['payments']>;
  n: Fmt;
  locale: string;
}) {
  const t = await getTranslations('dashboard.payments');
  const status = await getTranslations('payments.status');
  if (data.currencies.length === 0) {
    return (
      <div>
        <BarChart
          id="dash-payments"
          title={t('title')}
          headers={[t('status'), t('lists'), t('amount')]}
          rows={[]}
          note={t('none')}
        />
      </div>
    );
  }
  return (
    <>
      {data.currencies.map((c) => (
        <div key={c.currency}>
          <BarChart
            id={`dash-payments-${c.currency}`}
            title={t('titleCurrency', { currency: c.currency })}
            headers={[t('status'), t('lists'), t('amount')]}
            rows={c.statuses.map((s) => ({
              key: s.status,
              label: status(s.status),
              segments: [{ value: s.amount, color: COLORS.one }],
              valueText: formatMoney(s.amount, c.currency, locale),
              cells: [n(s.lists), formatMoney(s.amount, c.currency, locale)],
            }))}
          />
        </div>
      ))}
    </>
  );
}

async function GrievanceChart({ data, n }: { data: NonNullable<DashboardData['grievances']>; n: Fmt }) {
  const t = await getTranslations('dashboard.grievances');
  const sla = await getTranslations('grievances.sla');
  const rows: { key: SlaState; value: number; color: string }[] = [
    { key: 'on_track', value: data.onTrack, color: COLORS.ok },
    { key: 'at_risk', value: data.atRisk, color: COLORS.warn },
  ];
  if (data.breached !== null) rows.push({ key: 'breached', value: data.breached, color: COLORS.bad });
  return (
    <div>
      <BarChart
        id="dash-grievances"
        title={t('title')}
        headers={[t('state'), t('count')]}
        rows={rows.map((r) => ({
          key: r.key,
          label: sla(r.key),
          segments: [{ value: r.value, color: r.color }],
          valueText: n(r.value),
          cells: [n(r.value)],
        }))}
        note={t('note')}
      />
    </div>
  );
}

async function RegistryChart({ data, n }: { data: NonNullable<DashboardData['registry']>; n: Fmt }) {
  const t = await getTranslations('dashboard.registry');
  const state = await getTranslations('registry.states');
  const color = (s: string) =>
    s === 'has_spid' ? COLORS.ok : s === 'rejected' || s === 'needs_attention' ? COLORS.bad : COLORS.one;
  return (
    <div>
      <BarChart
        id="dash-registry"
        title={t('title')}
        headers={[t('state'), t('count')]}
        rows={REGISTRY_STATES.map((s) => ({
          key: s,
          label: state(s),
          segments: [{ value: data[s], color: color(s) }],
          valueText: n(data[s]),
          cells: [n(data[s])],
        }))}
      />
    </div>
  );
}
