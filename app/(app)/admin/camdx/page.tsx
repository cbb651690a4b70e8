import { getTranslations } from 'next-intl/server';
import { TestConnection } from '@/components/registry/test-connection';
import { TableScroll } from '@/components/ui/table-scroll';
import { pageUser } from '@/lib/auth/page';
import { listOperators } from '@/lib/operators/service';
import { connectionSettings } from '@/lib/registry/connection';
import { testConnectionAction } from './actions';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('admin.camdx'))('title') };
}

/** "CamDX connection": the deployment's configuration (never a key or certificate) and a live test. */
export default async function CamdxConnectionPage() {
  await pageUser('operators');
  const t = await getTranslations('registry.camdx');
  const s = connectionSettings();
  const operators = await listOperators();
  const rows: [string, string][] = [
    [t('securityServer'), s.securityServerUrl ?? '—'],
    [t('clientId'), s.clientId ?? '—'],
    [t('sprService'), s.sprServiceId ?? '—'],
    [t('moiService'), s.moiServiceId ?? '—'],
    [t('mutualTls'), s.mutualTls ? t('yes') : t('no')],
    [t('timeouts'), `${s.connectTimeoutMs} / ${s.totalTimeoutMs}`],
    [t('attemptsPerCall'), String(s.attemptsPerCall)],
    [t('syncMaxAttempts'), String(s.syncMaxAttempts)],
    [t('syncBatch'), String(s.syncBatch)],
    [t('worker'), s.worker === 'app' ? t('workerApp', { ms: s.syncIntervalMs }) : t('workerOff')],
  ];
  return (
    <ClientMessages paths={['errors', 'registry.camdx']}>
      <h1>{(await getTranslations('admin.camdx'))('title')}</h1>
      {!s.configured && (
        <p className="form-error">{s.error ? t('configError', { error: s.error }) : t('notConfigured')}</p>
      )}
      <section className="card">
        <h2 id="camdx-settings">{t('settings')}</h2>
        <TableScroll label={t('settings')}>
          <table aria-labelledby="camdx-settings">
            <tbody>
              {rows.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>
                    <code>{v}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section className="card">
        <h2 id="camdx-parties">{t('representedParties')}</h2>
        <p className="muted">{t('representedPartiesIntro')}</p>
        <TableScroll label={t('representedParties')}>
          <table aria-labelledby="camdx-parties">
            <thead>
              <tr>
                <th scope="col">{t('operator')}</th>
                <th scope="col">{t('representedParty')}</th>
              </tr>
            </thead>
            <tbody>
              {operators.map((o) => (
                <tr key={o.id}>
                  <td>
                    {o.code} · {o.nameEn}
                  </td>
                  <td>{o.camdxRepresentedParty ? <code>{o.camdxRepresentedParty}</code> : t('noParty')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section className="card">
        <TestConnection test={testConnectionAction} />
      </section>
    </ClientMessages>
  );
}
