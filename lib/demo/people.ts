import { emptyDisability, todayInCambodia, type EnrolmentInput, type MemberInput } from '@/lib/households/schemas';
import type { Relationship } from '@/lib/households/values';
import { FEMALE_NAMES, MALE_NAMES, SURNAMES, type NamePair } from './names';
import { seededRandom } from '@/lib/text/seeded-random';

// The demo register's households, made up but plausible: a head, often a spouse, children, now and
// then a parent; Khmer and Latin names; exact birth dates; Khmer IDs for most adults; IDPoor levels;
// a few disabilities. Deterministic (one seed), so two fresh demos hold the same people.

export class DemoPeople {
  private readonly random: () => number;
  /** Khmer name + birth date + sex already given: the registry would hold a second one for review. */
  private readonly used = new Set<string>();
  private nid = 0;
  private readonly thisYear = Number(todayInCambodia().slice(0, 4));

  constructor(
    private readonly villages: readonly string[],
    seed = 14,
  ) {
    if (villages.length === 0) throw new Error('the demo needs villages: import a gazetteer first');
    this.random = seededRandom(seed);
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private birthDate(age: number): string {
    const year = this.thisYear - age - 1;
    return `${year}-${String(this.int(1, 12)).padStart(2, '0')}-${String(this.int(1, 28)).padStart(2, '0')}`;
  }

  private phone(): string {
    return `0${this.pick(['12', '77', '15', '16'])} ${this.int(100, 999)} ${this.int(100, 999)}`;
  }

  person(o: { sex: 'F' | 'M'; age: number; surname: NamePair; relationship: Relationship }): MemberInput {
    for (;;) {
      const given = this.pick(o.sex === 'F' ? FEMALE_NAMES : MALE_NAMES);
      const birthDate = this.birthDate(o.age);
      const key = `${o.surname[0]}|${given[0]}|${birthDate}|${o.sex}`;
      if (this.used.has(key)) continue;
      this.used.add(key);
      const adult = o.age >= 18;
      const disability = emptyDisability();
      if (this.chance(o.age >= 60 ? 0.25 : 0.06))
        disability[this.pick(['seeing', 'walking', 'hearing', 'cognition'] as const)] = this.pick([
          'some',
          'aLot',
          'aLot',
          'cannot',
        ]);
      return {
        surnameKm: o.surname[0],
        givenNameKm: given[0],
        surnameLatin: o.surname[1],
        givenNameLatin: given[1],
        sex: o.sex,
        birthDate,
        birthEstimated: false,
        birthYear: '',
        relationship: o.relationship,
        // Nine digits, unique in the demo (the registry matches people by them).
        khmerId: adult && this.chance(0.6) ? String(200_000_000 + ++this.nid * 7919) : '',
        birthCertificateNo: '',
        phone: adult && this.chance(0.4) ? this.phone() : '',
        disability,
        chronicIllness: o.age >= 50 && this.chance(0.1),
        maritalStatus: adult ? (o.relationship === 'head' || o.relationship === 'spouse' ? 'married' : 'single') : '',
      };
    }
  }

  household(index: number): EnrolmentInput {
    const surname = this.pick(SURNAMES);
    const headSex = this.chance(0.3) ? 'F' : 'M';
    const headAge = this.int(24, 76);
    const members: MemberInput[] = [this.person({ sex: headSex, age: headAge, surname, relationship: 'head' })];
    if (headAge < 70 ? this.chance(0.8) : this.chance(0.4))
      members.push(
        this.person({
          sex: headSex === 'M' ? 'F' : 'M',
          age: Math.max(20, headAge + this.int(-6, 4)),
          // Married women in Cambodia keep their own surname.
          surname: this.pick(SURNAMES),
          relationship: 'spouse',
        }),
      );
    const children = headAge < 60 ? this.int(0, 4) : this.int(0, 1);
    for (let c = 0; c < children; c++) {
      const age = Math.max(0, Math.min(headAge - 18, this.int(0, 22)));
      members.push(this.person({ sex: this.chance(0.5) ? 'F' : 'M', age, surname, relationship: 'child' }));
    }
    if (headAge < 50 && this.chance(0.15))
      members.push(
        this.person({
          sex: 'F',
          age: headAge + this.int(22, 30),
          surname: this.pick(SURNAMES),
          relationship: 'parent',
        }),
      );
    const level = this.pick(['', '', '1', '2', '2'] as const);
    return {
      household: {
        villageCode: this.pick(this.villages),
        addressLine: this.chance(0.5) ? `ផ្ទះលេខ ${this.int(1, 240)}` : '',
        idpoorNumber: level ? `${this.int(10_000_000, 99_999_999)}-${String(index).padStart(4, '0')}` : '',
        idpoorLevel: level,
        phone: '',
        notes: '',
      },
      members,
      confirmSimilar: false,
      khmerIdOverrideReason: '',
    };
  }
}
