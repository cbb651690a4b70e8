import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startPeer, type PeerOptions, type RunningPeer } from '@/camdx-peer/server';
import {
  createCamdx,
  type CallContext,
  type Camdx,
  type CamdxConfig,
  type EnrollmentRecord,
  type ProgrammeEnrolment,
  type RegistryMember,
} from '@/lib/camdx';
import { loggerOptions } from '@/lib/log';

export const CLIENT = { instance: 'CAMBODIA', memberClass: 'COM', memberCode: 'SDP-DEV', subsystemCode: 'SDP' };
export const SPR = {
  instance: 'CAMBODIA',
  memberClass: 'GOV',
  memberCode: 'SPR-DEV',
  subsystemCode: 'SPR',
  serviceCode: 'registry',
};
export const MOI = {
  instance: 'CAMBODIA',
  memberClass: 'GOV',
  memberCode: 'MOI-DEV',
  subsystemCode: 'KHMERID',
  serviceCode: 'khmerid',
};
export const USER_ID = '6f1c2d3e-4b5a-4978-8a6b-1c2d3e4f5a6b';

/**
 * One peer per test file, on a random port; its state and faults are cleared after each test.
 * `client()` makes a CamDX client for it (closed with the peer).
 */
export function peerPerFile(options: PeerOptions = {}) {
  const clients: Camdx[] = [];
  const ref = {
    peer: undefined as unknown as RunningPeer,
    client(overrides: Partial<CamdxConfig> = {}, url?: string): Camdx {
      const c = createCamdx(config(url ?? ref.peer.url, overrides));
      clients.push(c);
      return c;
    },
  };
  beforeAll(async () => {
    ref.peer = await startPeer(options);
  });
  afterEach(() => ref.peer.reset());
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await ref.peer.close();
  });
  return ref;
}

/** A pino logger with the app's options (redaction included) writing JSON lines into memory. */
export function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ ...loggerOptions, level: 'info' }, stream);
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export function config(url: string, overrides: Partial<CamdxConfig> = {}): CamdxConfig {
  return {
    securityServerUrl: url,
    client: CLIENT,
    sprService: SPR,
    moiService: MOI,
    connectTimeoutMs: 2_000,
    totalTimeoutMs: 5_000,
    maxAttempts: 1,
    retryBaseMs: 5,
    strictIdentifiers: true,
    logger: pino({ level: 'silent' }),
    ...overrides,
  };
}

// Different given names so that members made in one test are not look-alikes of each other.
const KHMER_GIVEN = ['ដារា', 'សុភា', 'វណ្ណា', 'ចិន្តា', 'សុវណ្ណ', 'បុប្ផា', 'រតនា', 'សំណាង', 'វិចិត្រ', 'ពិសី'];
let n = 0;
export function member(overrides: Partial<RegistryMember> = {}): RegistryMember {
  n += 1;
  return {
    localId: randomUUID(),
    khmerId: null,
    surnameKm: 'សុខ',
    givenNameKm: KHMER_GIVEN[n % KHMER_GIVEN.length]!,
    surnameLatin: 'Sok',
    givenNameLatin: 'Dara',
    sex: 'F',
    birthDate: '1985-03-12',
    birthYear: 1985,
    birthEstimated: false,
    villageCode: '12010101',
    addressLine: 'House 12, Street 3',
    phones: ['+85512345678'],
    hasDisability: true,
    disability: { seeing: 'some', walking: 'aLot', hearing: 'none' },
    ...overrides,
  };
}

export function record(m: RegistryMember, version = 1, programmes: ProgrammeEnrolment[] = []): EnrollmentRecord {
  return {
    referenceId: `${m.localId}.v${version}`,
    member: m,
    registration: { date: '2026-01-05', status: 'Active' },
    programmes,
  };
}

/** A programme the member carries (DCI IBR Beneficiary data), paid once unless told otherwise. */
export function programme(overrides: Partial<ProgrammeEnrolment> = {}): ProgrammeEnrolment {
  return {
    programmeId: 'PWDF/PWD-ALLOWANCE',
    programmeName: 'Disability allowance',
    programmeNameKm: 'ប្រាក់ឧបត្ថម្ភជនមានពិការភាព',
    enrolmentDate: '2026-01-05',
    status: 'Active',
    statusDate: '2026-01-05',
    latestBenefit: { typeCode: '1', date: '2026-11-28', amountMinor: 120_000, currency: 'KHR' },
    ...overrides,
  };
}

/** A call context for the test user; what is passed in (message, issue, party) keeps its type. */
export function ctx<T extends Partial<CallContext>>(extra?: T): { userId: string } & T {
  return { userId: USER_ID, ...(extra ?? ({} as T)) };
}
