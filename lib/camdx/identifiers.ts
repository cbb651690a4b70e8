import 'server-only';
import { CamdxConfigError, CamdxError } from './errors';

/** A member's subsystem, e.g. `CAMBODIA/COM/CAMDEV21231832/CP1API`: the caller in X-Road-Client. */
export interface XRoadClientId {
  instance: string;
  memberClass: string;
  memberCode: string;
  subsystemCode: string;
}

/** A service: always all five parts (camdx.md §1), never the optional-subsystem short form. */
export interface XRoadServiceId extends XRoadClientId {
  serviceCode: string;
}

/** A party the client acts for: `[class/]code`, e.g. one of the small operators this platform serves. */
export interface RepresentedParty {
  memberClass?: string;
  memberCode: string;
}

// PR-REST §4.8 (X-Road ≥ 7.3, `strict-identifier-checks=true`): the only characters allowed.
const STRICT = /^[A-Za-z0-9'()+,\-.=?]+$/;
// X-Road's legacy rule (`strict-identifier-checks=false`): no colon, semicolon, slashes, percent or
// control characters. Kept because CamDX's own examples use '_' (CP1_API, CAMDIGIKEY_KYC).
const LEGACY_FORBIDDEN = /[:;/\\%\p{Cc}]/u;
const MAX_PART = 255;

/** Throws a configuration error unless `value` is a valid X-Road identifier part. */
export function checkIdentifier(value: string, label: string, strict: boolean): void {
  if (!value) throw new CamdxConfigError(`${label} is empty`);
  if (value.length > MAX_PART) throw new CamdxConfigError(`${label} is longer than ${MAX_PART} characters`);
  const ok = strict ? STRICT.test(value) : !LEGACY_FORBIDDEN.test(value) && value.trim() === value;
  if (!ok) {
    const allowed = strict ? "A–Z a–z 0–9 ' ( ) + , - . = ?" : 'anything but : ; / \\ % and control characters';
    throw new CamdxConfigError(`${label} "${value}" has a character X-Road does not allow (allowed: ${allowed})`);
  }
}

export function clientIdParts(id: XRoadClientId): string[] {
  return [id.instance, id.memberClass, id.memberCode, id.subsystemCode];
}

export function serviceIdParts(id: XRoadServiceId): string[] {
  return [...clientIdParts(id), id.serviceCode];
}

const CLIENT_LABELS = ['instance', 'member class', 'member code', 'subsystem code'];

export function checkClientId(id: XRoadClientId, label: string, strict: boolean): void {
  clientIdParts(id).forEach((part, i) => checkIdentifier(part, `${label} ${CLIENT_LABELS[i]}`, strict));
}

export function checkServiceId(id: XRoadServiceId, label: string, strict: boolean): void {
  checkClientId(id, label, strict);
  checkIdentifier(id.serviceCode, `${label} service code`, strict);
}

/** `INSTANCE/CLASS/MEMBER/SUBSYSTEM` as configured (unencoded) into its parts. */
export function parseClientId(text: string, label: string, strict: boolean): XRoadClientId {
  const parts = text.split('/');
  if (parts.length !== 4) throw new CamdxConfigError(`${label} must be INSTANCE/CLASS/MEMBER/SUBSYSTEM`);
  const [instance, memberClass, memberCode, subsystemCode] = parts as [string, string, string, string];
  const id = { instance, memberClass, memberCode, subsystemCode };
  checkClientId(id, label, strict);
  return id;
}

/** `INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE` as configured (unencoded) into its parts. */
export function parseServiceId(text: string, label: string, strict: boolean): XRoadServiceId {
  const parts = text.split('/');
  if (parts.length !== 5) throw new CamdxConfigError(`${label} must be INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE`);
  const [instance, memberClass, memberCode, subsystemCode, serviceCode] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  const id = { instance, memberClass, memberCode, subsystemCode, serviceCode };
  checkServiceId(id, label, strict);
  return id;
}

/** The readable form used in logs and in the DCI header's sender_id / receiver_id. */
export function formatId(id: XRoadClientId | XRoadServiceId): string {
  return 'serviceCode' in id ? serviceIdParts(id).join('/') : clientIdParts(id).join('/');
}

// PR-REST §4.2: each part is percent-encoded on its own; the separators stay as they are.
const encodeParts = (parts: string[]) => parts.map((p) => encodeURIComponent(p)).join('/');

/** `/r1/{instance}/{class}/{member}/{subsystem}/{service}{path}` with each id part encoded. */
export function servicePath(id: XRoadServiceId, path = ''): string {
  if (path && !path.startsWith('/') && !path.startsWith('?'))
    throw new CamdxError('input', 'PATH', false, 'path must start with / or ?');
  return `/r1/${encodeParts(serviceIdParts(id))}${path}`;
}

/** X-Road-Client header value: the parts percent-encoded (PR-REST §4.3). */
export function clientHeader(id: XRoadClientId): string {
  return encodeParts(clientIdParts(id));
}

/** `[class/]code` as configured per operator (unencoded) into its parts, with the identifier rules above. */
export function parseRepresentedParty(text: string, strict: boolean): RepresentedParty {
  const parts = text.split('/');
  if (parts.length > 2) throw new CamdxConfigError('represented party must be [CLASS/]CODE');
  const memberCode = parts[parts.length - 1]!;
  checkIdentifier(memberCode, 'represented party member code', strict);
  if (parts.length === 1) return { memberCode };
  checkIdentifier(parts[0]!, 'represented party member class', strict);
  return { memberClass: parts[0]!, memberCode };
}

/** The readable `[class/]code` form, as stored with the operator. */
export function formatRepresentedParty(party: RepresentedParty): string {
  return party.memberClass === undefined ? party.memberCode : `${party.memberClass}/${party.memberCode}`;
}

export function representedPartyHeader(party: RepresentedParty, strict: boolean): string {
  checkIdentifier(party.memberCode, 'represented party member code', strict);
  if (party.memberClass === undefined) return encodeURIComponent(party.memberCode);
  checkIdentifier(party.memberClass, 'represented party member class', strict);
  return `${encodeURIComponent(party.memberClass)}/${encodeURIComponent(party.memberCode)}`;
}

/** The provider subsystem of a service: where its metaservices (listMethods, allowedMethods) live. */
export function metaservice(service: XRoadServiceId, serviceCode: 'listMethods' | 'allowedMethods'): XRoadServiceId {
  return { ...service, serviceCode };
}
