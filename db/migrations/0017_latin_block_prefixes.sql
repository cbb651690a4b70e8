-- The beginnings of a Latin name's word skeletons again (as sdp_word_prefixes), each tagged with the
-- first word of the name as it sorts ('sup|chan' for Chan Sopheap, and for Sopheap Chan 'cun|sopheap').
-- A name sorts by its first word, so the names starting with one word form a block of the name
-- order; lib/search/latin.ts visits the blocks in order and, within each, finds the names with a
-- word beginning so by one GIN look-up of the tagged pieces, instead of walking the block.
CREATE OR REPLACE FUNCTION sdp_block_prefixes(skeleton text, sort text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  -- sdp_word_prefixes written out again: CREATE INDEX runs with a search_path of pg_catalog only
  -- (PostgreSQL 17, PGlite), where a call to another function of ours is not found.
  SELECT array_agg(DISTINCT left(w, n) || '|' || split_part(sort, ' ', 1))
  FROM unnest(string_to_array(skeleton, ' ')) AS w, generate_series(1, least(length(w), 8)) AS n
$$;
--> statement-breakpoint
DROP INDEX "members_name_latin_pieces";--> statement-breakpoint
CREATE INDEX "members_name_latin_pieces" ON "members" USING gin ((sdp_word_prefixes("name_latin_skeleton") || sdp_area_keys("village_code") || sdp_block_prefixes("name_latin_skeleton", "name_latin_sort")));
--> statement-breakpoint
-- Bulk imports: as 0015 gave the index it replaces.
ALTER INDEX "members_name_latin_pieces" SET (gin_pending_list_limit = 16384);--> statement-breakpoint
-- The plan reads the new index's piece statistics (lib/search/stats.ts): gather them now.
ANALYZE "members";
