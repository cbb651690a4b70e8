/** Cambodia's entry of libphonenumber-js's full numbering plans, as `lib/text/phone-metadata-kh.json` holds it. */
export function cambodiaMetadata(): {
  version: string;
  country_calling_codes: Record<string, string[]>;
  countries: { KH: unknown };
};
