-- A Khmer surname's search key, as lib/text/normalise.ts khmerKey computes it: zero-width, control
-- and space characters (JavaScript's \s) removed, coeng DA folded into its look-alike coeng TA, NFC (twice: folding
-- can reorder marks). It only needs to agree with name_km_key's start; where it does not,
-- sdp_name_pieces marks no given name and search still finds the name (as "inside" a word).
CREATE OR REPLACE FUNCTION sdp_khmer_key(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT normalize(replace(normalize(replace(
    regexp_replace(t, '[\u200B\u200C\u200D\u2060\uFEFF\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u2028\u2029\u202A-\u202E\u2066-\u2069\u0020\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]', '', 'g'),
    E'\u17D2\u178A', E'\u17D2\u178F'), NFC), E'\u17D2\u178A', E'\u17D2\u178F'), NFC)
$$;
--> statement-breakpoint
-- The two-letter pieces of a Khmer name key, for a GIN index (pg_trgm needs three letters, and
-- many Khmer names are two code points: ឯក, ជា, លី). The piece that starts the name is marked '^'
-- and the piece that starts the given name '~' (where the surname's key starts the name key), so
-- that one index answers "the fragment starts the name", "starts the given name" and "lies inside
-- a word" apart: a given name's bearers sit deep inside every surname's block of the name order,
-- and lib/search/khmer.ts reaches them through the surname instead.
CREATE OR REPLACE FUNCTION sdp_name_pieces(t text, surname text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT array_agg(DISTINCT b) FROM (
    SELECT '^' || left(t, 2) AS b
    UNION ALL
    SELECT CASE WHEN i = length(surname) + 1 AND starts_with(t, surname) THEN '~' ELSE '' END || substr(t, i, 2)
    FROM generate_series(2, length(t) - 1) AS i
  ) AS pieces
$$;
--> statement-breakpoint
DROP INDEX "members_name_km_pieces";--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "surname_km_key" text GENERATED ALWAYS AS (sdp_khmer_key(surname_km)) STORED;--> statement-breakpoint
CREATE INDEX "members_name_km_pieces" ON "members" USING gin ((sdp_name_pieces("name_km_key", "surname_km_key") || sdp_area_keys("village_code")));
--> statement-breakpoint
-- Bulk imports: as 0015 gave the index it replaces.
ALTER INDEX "members_name_km_pieces" SET (gin_pending_list_limit = 16384);--> statement-breakpoint
DROP FUNCTION IF EXISTS sdp_name_bigrams(text);--> statement-breakpoint
-- The operator's distinct surnames in name order, one index probe each (a skip scan, which
-- PostgreSQL 15 does not do by itself): lib/search/khmer.ts visits each surname's given names
-- that start with the fragment. Same collation as the name order of 0007.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'km-x-icu') THEN
    EXECUTE 'CREATE INDEX IF NOT EXISTS "members_surname_km_idx" ON "members" ("operator_id", "surname_km_key" COLLATE "km-x-icu")';
  ELSE
    EXECUTE 'CREATE INDEX IF NOT EXISTS "members_surname_km_idx" ON "members" ("operator_id", "surname_km_key")';
  END IF;
END
$$;
--> statement-breakpoint
-- The plan reads the new index's piece statistics (lib/search/stats.ts): gather them now, not at the next autovacuum.
ANALYZE "members";
