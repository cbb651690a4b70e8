import { getTranslations } from 'next-intl/server';

/** The programme's name in the reader's language first, the other after it. */
export function programmeName(p: { nameKm: string; nameEn: string }, locale: string): string {
  const [first, second] = locale === 'km' ? [p.nameKm, p.nameEn] : [p.nameEn, p.nameKm];
  return first === second ? first : `${first} · ${second}`;
}

export async function ProgrammeStatusBadge({ status }: { status: string }) {
  const t = await getTranslations('programmes.status');
  const label = t.has(status as 'draft') ? t(status as 'draft') : status;
  return <span className={status === 'active' ? 'badge' : 'badge off'}>{label}</span>;
}
