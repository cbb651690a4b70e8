-- Member search walks one of these in name order and stops after a page (keyset pagination).
-- They cover the filters (INCLUDE), so rows that a filter rejects are skipped without reading the
-- table (index-only scan). Khmer names sort with ICU's Khmer collation where the server has it;
-- elsewhere (PGlite, PostgreSQL without ICU) in the database's own order — lib/search/sort.ts
-- detects the same thing. drizzle cannot express INCLUDE or a conditional collation, hence SQL.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'km-x-icu') THEN
    EXECUTE 'CREATE INDEX IF NOT EXISTS "members_search_km_idx" ON "members" ("operator_id", "name_km_key" COLLATE "km-x-icu", "id")'
      ' INCLUDE ("name_latin_skeleton", "household_id", "sex", "birth_year", "birth_date", "has_disability", "status")';
  ELSE
    EXECUTE 'CREATE INDEX IF NOT EXISTS "members_search_km_idx" ON "members" ("operator_id", "name_km_key", "id")'
      ' INCLUDE ("name_latin_skeleton", "household_id", "sex", "birth_year", "birth_date", "has_disability", "status")';
  END IF;
END
$$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "members_search_latin_idx" ON "members" ("operator_id", "name_latin_sort" COLLATE "C", "id")
  INCLUDE ("name_km_key", "name_latin_skeleton", "household_id", "sex", "birth_year", "birth_date", "has_disability", "status");
