/**
 * The simulator's SPID format (the real one is not public): ten digits, an eight-digit sequence from
 * 10000001 followed by two ISO 7064 MOD 97-10 check digits (as in IBAN), e.g. 1000000161. The client
 * treats a SPID as an opaque string; only this peer knows the format.
 */
export function nextSpid(seq: number): string {
  const body = String(10_000_000 + seq);
  return `${body}${checkDigits(body)}`;
}

export function checkDigits(body: string): string {
  const check = 98 - Number((BigInt(body) * 100n) % 97n);
  return String(check).padStart(2, '0');
}

export function validSpid(spid: string): boolean {
  return /^\d{10}$/.test(spid) && Number(BigInt(spid) % 97n) === 1;
}
