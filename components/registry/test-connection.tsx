'use client';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useErrorText } from '@/components/form/error-text';
import type { ActionResult } from '@/lib/action';
import type { ConnectionTest } from '@/lib/registry/connection';

/** "Test connection": allowedMethods through the security server, the answer or the precise error. */
export function TestConnection({ test }: { test: (input?: unknown) => Promise<ActionResult<ConnectionTest>> }) {
  const t = useTranslations('registry.camdx');
  const errorText = useErrorText();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult<ConnectionTest> | null>(null);
  const data = result?.ok ? result.data : null;
  return (
    <div>
      <button type="button" disabled={pending} onClick={() => start(async () => setResult(await test()))}>
        {pending ? t('testing') : t('test')}
      </button>
      <div aria-live="polite">
        {result && !result.ok && (
          <p className="form-error" role="alert">
            {errorText(result.messageKey)}
          </p>
        )}
        {data?.status === 'notConfigured' && (
          <p className="form-error" role="alert">
            {t('notConfigured')}
          </p>
        )}
        {data?.status === 'failed' && (
          <p className="form-error" role="alert">
            {t('failed', { kind: data.kind, code: data.code, message: data.message })}
            {data.xRoadId && (
              <>
                <br />
                {t('xRoadId', { id: data.xRoadId })}
              </>
            )}
          </p>
        )}
        {data?.status === 'ok' && (
          <div className="form-ok" role="status">
            <p>{t('ok')}</p>
            <ul>
              {data.services.flatMap((s) =>
                s.endpoints.map((e) => (
                  <li key={`${s.serviceCode}${e.method}${e.path}`}>
                    <code>
                      {s.serviceCode} {e.method} {e.path}
                    </code>
                  </li>
                )),
              )}
            </ul>
            <p className="muted">{t('xRoadId', { id: data.xRoadId })}</p>
          </div>
        )}
      </div>
    </div>
  );
}
