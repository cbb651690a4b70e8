import 'server-only';
import { CamdxClient, type CallContext, type MessageIdentity } from './client';
import { camdxConfigFromEnv, type CamdxConfig } from './config';
import { allowedMethods, listClients, listMethods, type Provider } from './meta';
import { verifyKhmerId, type KhmerIdClaim } from './moi';
import {
  findSpidsByLocalId,
  pushEnrollmentUpdates,
  searchRegistry,
  txnStatus,
  type EnrollmentBatch,
  type RegistryQuery,
} from './registry';

export { CamdxClient, newMessageIdentity, xRoadUserId } from './client';
export type { CallContext, CallMeta, MessageIdentity } from './client';
export { camdxConfigFromEnv } from './config';
export type { CamdxConfig } from './config';
export { CamdxConfigError, CamdxError, classifyDciCode, classifyXRoadCode } from './errors';
export type { CamdxErrorKind } from './errors';
export { formatRepresentedParty, parseRepresentedParty } from './identifiers';
export type { RepresentedParty, XRoadClientId, XRoadServiceId } from './identifiers';
export { benefitValue, DCI_ENROLMENT_CODE, programmeIdentifier, recordReferenceId, toBeneficiary } from './member';
export type {
  DciEnrolmentLabel,
  EnrollmentRecord,
  LatestBenefit,
  ProgrammeEnrolment,
  Registration,
  RegistryMember,
  ReviewAnswer,
} from './member';
export type { KhmerIdClaim, KhmerIdMatch, KhmerIdVerification } from './moi';
export { reasonOf } from './registry';
export type {
  EnrollmentBatch,
  OutcomeStatus,
  PushResult,
  RecordOutcome,
  RegistryQuery,
  RegistrySearchResult,
} from './registry';
export type { Provider, ServiceMethods } from './meta';

/** The typed CamDX methods over one client. */
export function createCamdx(config: CamdxConfig) {
  const client = new CamdxClient(config);
  return {
    client,
    pushEnrollmentUpdates: (batch: EnrollmentBatch, ctx: CallContext & { message: MessageIdentity }) =>
      pushEnrollmentUpdates(client, batch, ctx),
    searchRegistry: (query: RegistryQuery, ctx: CallContext) => searchRegistry(client, query, ctx),
    txnStatus: (referenceIds: string[], ctx: CallContext) => txnStatus(client, referenceIds, ctx),
    findSpids: (wanted: { referenceId: string; localId: string }[], ctx: CallContext) =>
      findSpidsByLocalId(client, wanted, ctx),
    verifyKhmerId: (claim: KhmerIdClaim, ctx: CallContext) => verifyKhmerId(client, claim, ctx),
    listMethods: (provider: Provider, ctx: CallContext) => listMethods(client, provider, ctx),
    allowedMethods: (provider: Provider, ctx: CallContext) => allowedMethods(client, provider, ctx),
    listClients: (ctx: CallContext) => listClients(client, ctx),
    close: () => client.close(),
  };
}

export type Camdx = ReturnType<typeof createCamdx>;

let shared: Camdx | null | undefined;

/** The app's CamDX client from the environment (one per process), or null when CamDX is not configured. */
export function camdx(): Camdx | null {
  if (shared === undefined) {
    const config = camdxConfigFromEnv();
    shared = config ? createCamdx(config) : null;
  }
  return shared;
}
