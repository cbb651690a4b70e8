'use client';
import { useTranslations } from 'next-intl';
import { useAppFormatter } from '@/lib/i18n/use-format';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useErrorText } from '@/components/form/error-text';
import type { ActionResult } from '@/lib/action';
import type { VerifyResult } from '@/lib/registry/manage';

/** "Verify Khmer ID": the Ministry of Interior's answer (full/partial/none), or the precise CamDX error. */
export function VerifyKhmerIdButton({
  memberId,
  verify,
}: {
  memberId: string;
  verify: (input: unknown) => Promise<ActionResult<VerifyResult>>;
}) {
  const t = useTranslations('registry');
  const format = useAppFormatter();
  const errorText = useErrorText();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [text, setText] = useState<string | null>(null);
  const describe = (r: VerifyResult): string => {
    if (r.status === 'verified') {
      return t('status.verified', {
        match: r.match,
        when: format.dateTime(r.verifiedAt),
      });
    }
    if (r.status === 'notConfigured') return t('camdx.notConfigured');
    return t('camdx.failed', { kind: r.kind, code: r.code, message: r.message });
  };
  return (
    <span>
      <button
        type="button"
        className="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const res = await verify({ memberId });
            setText(res.ok ? describe(res.data) : errorText(res.messageKey));
            router.refresh();
          })
        }
      >
        {t('dashboard.verify')}
      </button>
      <span aria-live="polite">{text && <span role="status"> {text}</span>}</span>
    </span>
  );
}
