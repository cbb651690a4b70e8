import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { tenantOf, type Tenant } from '@/lib/auth/scope';

/** A village as the template lists it: its code, and its names with its commune's, district's and province's. */
export interface TemplateVillage {
  code: string;
  nameKm: string;
  nameLatin: string;
  communeKm: string;
  communeLatin: string;
  districtKm: string;
  districtLatin: string;
  provinceKm: string;
  provinceLatin: string;
}

/**
 * The villages an operator's import file may name, so that an operator finds a code by name: those of
 * the provinces it already has households in, or every province while it has none (a new operator's
 * first import). Current units only: a retired village is refused by the import.
 */
export async function templateVillages(actor: Tenant): Promise<TemplateVillage[]> {
  return query<TemplateVillage>(
    db(),
    sql`with mine as (
          select distinct h.province_code from households h where h.operator_id = ${tenantOf(actor)}
        )
        select v.code, v.name_km as "nameKm", v.name_latin as "nameLatin",
               c.name_km as "communeKm", c.name_latin as "communeLatin",
               d.name_km as "districtKm", d.name_latin as "districtLatin",
               p.name_km as "provinceKm", p.name_latin as "provinceLatin"
          from admin_units v
          join admin_units c on c.code = v.parent_code
          join admin_units d on d.code = c.parent_code
          join admin_units p on p.code = d.parent_code
         where v.level = 'village' and v.retired_at is null
           and (not exists (select 1 from mine) or left(v.code, 2) in (select province_code from mine))
         order by v.code`,
  );
}
