-- members.village_code is the household's village, kept by the database itself so that no write
-- path (enrolment, import, move, household edit) can forget it. Name search needs it on the member
-- row: the area then narrows a GIN scan (sdp_area_keys below) and a walk in name order checks it
-- from the covering index without looking up each member's household.

-- The areas a village lies in, as GIN index entries: '@12' province, '@1201' district,
-- '@120101' commune, '@12010101' village. '@' keeps them apart from name pieces (Khmer letters,
-- '^' + Khmer letters, Latin letters).
CREATE OR REPLACE FUNCTION sdp_area_keys(v text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT array['@' || left(v, 2), '@' || left(v, 4), '@' || left(v, 6), '@' || v]
$$;
--> statement-breakpoint
UPDATE members m SET village_code = h.village_code FROM households h
  WHERE h.id = m.household_id AND m.village_code IS DISTINCT FROM h.village_code;
--> statement-breakpoint
-- A member takes its household's village when written without one, and whenever it moves (an
-- update cannot give it another). A bulk insert that joins the households anyway (lib/imports)
-- passes the household's village itself: the WHEN clause is checked without calling the function,
-- which saves a lookup per row on a hundred thousand rows.
CREATE OR REPLACE FUNCTION sdp_member_village() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.village_code := (SELECT h.village_code FROM households h WHERE h.id = NEW.household_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER members_village_code_insert BEFORE INSERT ON members
  FOR EACH ROW WHEN (NEW.village_code IS NULL) EXECUTE FUNCTION sdp_member_village();
--> statement-breakpoint
CREATE TRIGGER members_village_code_update BEFORE UPDATE OF household_id, village_code ON members
  FOR EACH ROW EXECUTE FUNCTION sdp_member_village();
--> statement-breakpoint
-- A household that moves takes its members along.
CREATE OR REPLACE FUNCTION sdp_household_village() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  UPDATE members SET village_code = NEW.village_code WHERE household_id = NEW.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER households_village_code AFTER UPDATE OF village_code ON households
  FOR EACH ROW WHEN (OLD.village_code IS DISTINCT FROM NEW.village_code) EXECUTE FUNCTION sdp_household_village();
--> statement-breakpoint
-- The covering sort indexes of 0007 again, with the village: a walk in name order checks an
-- address filter from the index alone.
DROP INDEX IF EXISTS "members_search_km_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "members_search_latin_idx";
--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'km-x-icu') THEN
    EXECUTE 'CREATE INDEX "members_search_km_idx" ON "members" ("operator_id", "name_km_key" COLLATE "km-x-icu", "id")'
      ' INCLUDE ("name_latin_skeleton", "household_id", "village_code", "sex", "birth_year", "birth_date", "has_disability", "status")';
  ELSE
    EXECUTE 'CREATE INDEX "members_search_km_idx" ON "members" ("operator_id", "name_km_key", "id")'
      ' INCLUDE ("name_latin_skeleton", "household_id", "village_code", "sex", "birth_year", "birth_date", "has_disability", "status")';
  END IF;
END
$$;
--> statement-breakpoint
CREATE INDEX "members_search_latin_idx" ON "members" ("operator_id", "name_latin_sort" COLLATE "C", "id")
  INCLUDE ("name_km_key", "name_latin_skeleton", "household_id", "village_code", "sex", "birth_year", "birth_date", "has_disability", "status");
