import { describe, expect, it } from 'vitest';
import { HELP_AREAS, HELP_STEPS } from '@/components/help/areas';
import { ACCESS } from '@/lib/auth/policy';
import { REGISTRY_STATES } from '@/lib/registry/states';
import { MESSAGES } from '@/messages';

// The help pages explain every capability of the access rules and every registry sync state, in
// both languages: a capability or a state added to the code without its help text fails here.

type Tree = { [k: string]: string | Tree };
const at = (tree: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((t, k) => (t && typeof t === 'object' ? (t as Tree)[k] : undefined), tree);

describe('help pages', () => {
  it('place every capability of ACCESS in exactly one help area', () => {
    const listed = Object.values(HELP_AREAS).flat();
    expect([...listed].sort()).toEqual(Object.keys(ACCESS).sort());
  });

  for (const locale of ['en', 'km'] as const) {
    it(`have every text they show in ${locale}`, () => {
      const m = MESSAGES[locale];
      const keys = [
        ...Object.keys(HELP_AREAS).flatMap((a) => [`ui.help.areas.${a}.title`, `ui.help.areas.${a}.intro`]),
        ...Object.keys(ACCESS).map((c) => `ui.help.capabilities.${c}`),
        ...REGISTRY_STATES.flatMap((s) => [`ui.help.states.${s}`, `registry.states.${s}`]),
        ...Object.values(HELP_STEPS).flatMap(({ name, count }) => [
          `ui.help.steps.title.${name}`,
          ...Array.from({ length: count }, (_, i) => `ui.help.steps.${name}.${i + 1}`),
        ]),
      ];
      const missing = keys.filter((k) => typeof at(m, k) !== 'string' || !(at(m, k) as string).trim());
      expect(missing).toEqual([]);
      // No step beyond the count is left unshown.
      for (const { name, count } of Object.values(HELP_STEPS))
        expect(Object.keys(at(m, `ui.help.steps.${name}`) as Tree)).toHaveLength(count);
    });
  }
});
