import type { SlaState } from '@/lib/grievances/sla';

/** The service-level state as a word (never colour alone). */
export function SlaBadge({ state, label }: { state: SlaState | null; label: string }) {
  return <span className={`badge sla-${state ?? 'none'}`}>{label}</span>;
}
