'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { DuplicateCandidate } from '@/lib/households/dedupe';

interface Props {
  sameKhmerId: DuplicateCandidate[];
  similar: DuplicateCandidate[];
  canOverride: boolean;
  pending: boolean;
  onConfirm: () => void;
  onOverride: (reason: string) => void;
  onCancel: () => void;
}

/** What the server found before saving; the officer decides. */
export function DuplicatesPanel({
  sameKhmerId,
  similar,
  canOverride,
  pending,
  onConfirm,
  onOverride,
  onCancel,
}: Props) {
  const t = useTranslations('enrol');
  const [reason, setReason] = useState('');
  const list = sameKhmerId.length ? sameKhmerId : similar;
  return (
    <section className="card duplicates" role="alertdialog" aria-labelledby="dup-title" aria-describedby="dup-text">
      <h2 id="dup-title">{t('duplicatesTitle')}</h2>
      <p id="dup-text">{sameKhmerId.length ? t('sameKhmerIdText') : t('similarText')}</p>
      <ul>
        {list.map((c) => (
          <li key={`${c.index}-${c.memberId}`}>
            {t('forMember', { number: c.index + 1 })}:{' '}
            <Link href={`/members/${c.memberId}`} target="_blank">
              {t('candidate', {
                name: `${c.surnameKm} ${c.givenNameKm}`,
                born: c.birthDate ?? String(c.birthYear),
                code: c.householdCode,
              })}
            </Link>
          </li>
        ))}
      </ul>
      {sameKhmerId.length === 0 && (
        <button type="button" disabled={pending} onClick={onConfirm}>
          {t('confirmDifferent')}
        </button>
      )}
      {sameKhmerId.length > 0 && canOverride && (
        <div className="field">
          <label htmlFor="override-reason">{t('overrideReason')}</label>
          <textarea id="override-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button
            type="button"
            className="danger"
            disabled={pending || reason.trim().length < 5}
            onClick={() => onOverride(reason)}
          >
            {t('override')}
          </button>
        </div>
      )}
      <button type="button" className="secondary" onClick={onCancel}>
        {t('cancel')}
      </button>
    </section>
  );
}
