/**
 * An amount in minor units as text, the same in both languages (digits grouped by commas, the
 * currency's code): riel have no fraction, US dollars show cents. Done on the server (the browsers
 * in use have no Khmer number data, and a client-side format would not match the server's).
 */
export function amountText(minor: number, currency: string): string {
  const group = (s: string) => s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (currency === 'USD')
    return `${negative}${group(String(Math.floor(abs / 100)))}.${String(abs % 100).padStart(2, '0')} USD`;
  return `${negative}${group(String(abs))} ${currency}`;
}
