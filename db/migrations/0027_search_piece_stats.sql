-- pg_stats shows an index's statistics only to a role that may read the index's columns, and privileges
-- are never granted on indexes: the app's role, which owns nothing, saw none of the GIN indexes' piece
-- statistics, and the search chose its steps blind (lib/search/stats.ts). Run with its owner's rights,
-- this answers those two indexes' most common pieces and their shares, and nothing else.
CREATE FUNCTION "sdp_piece_stats"(in_schema text)
RETURNS TABLE ("index" text, "elems" text[], "freqs" real[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT s.tablename::text, s.most_common_elems::text::text[], s.most_common_elem_freqs
  FROM pg_catalog.pg_stats s
  WHERE s.schemaname = in_schema AND s.tablename IN ('members_name_km_pieces', 'members_name_latin_pieces')
$$;
