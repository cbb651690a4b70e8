-- A spelling skeleton of a Latin name, so that the ad hoc romanisations of one Khmer name meet:
-- Sokha / Sokhar / Sokkha -> suka, Panha / Pagna / Panhha -> pana, Sophea / Sophia -> supia,
-- Chheang / Chhiang -> ciang, Chenda / Chinda -> cinda, Prom / Prum -> prum, Oum / Um -> um,
-- Srey / Srei -> sri. Word by word (\M ends a word).
-- It feeds the stored column members.name_latin_skeleton: if these rules change, recompute it with
-- `UPDATE members SET name_latin_key = name_latin_key`.
CREATE OR REPLACE FUNCTION sdp_latin_skeleton(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT regexp_replace(translate(
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
      lower(t),
      '([b-df-hj-np-tv-z])h+', '\1', 'g'),   -- aspiration is written or not: kh, chh, ph, th, nh
      '([aeiou])[hr]\M', '\1', 'g'),         -- a final h or r after a vowel is silent: Darah, Sokhar
      'gn', 'n', 'g'),                       -- Pagna / Panha
      'o[ou]', 'u', 'g'),                    -- Soun / Sun, Oum / Um
      'ee', 'i', 'g'),
      'i[ae]', 'ea', 'g'),                   -- Sophia / Sophea, Khiev / Kheav
      '([a-z])y', '\1i', 'g'),               -- Srey / Srei, Sreymom / Sreimom (not Yim)
      'ae', 'e', 'g'),                       -- Kaev / Kev, Aek / Ek
    'eo', 'iu'),                             -- e/i and o/u are written either way: Chenda / Chinda, Prom / Prum
    '([a-z])\1+', '\1', 'g')                 -- doubled letters: Sokkha, Vanna, Rattana (and Srei -> sri)
$$;
--> statement-breakpoint
-- The two-letter pieces of a Khmer name key, for a GIN index: pg_trgm needs three letters, and
-- many Khmer names are two code points (ឯក, ជា, លី). The piece at the start is marked '^' so that
-- one index answers both "contains the fragment anywhere" and "contains it after the first
-- letter" — the second finds given-name matches without visiting every bearer of a surname.
CREATE OR REPLACE FUNCTION sdp_name_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT array_agg(DISTINCT b) FROM (
    SELECT '^' || left(t, 2) AS b
    UNION ALL
    SELECT substr(t, i, 2) FROM generate_series(2, length(t) - 1) AS i
  ) AS pieces
$$;
--> statement-breakpoint
-- The beginnings (1 to 8 letters) of each word of a Latin skeleton, for a GIN index: a search
-- word matches a name word that starts with it, so "contains the beginnings of all the search's
-- words" narrows a search to almost exactly its matches (pg_trgm cannot use words under 3 letters).
CREATE OR REPLACE FUNCTION sdp_word_prefixes(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT array_agg(DISTINCT left(w, n)) FROM unnest(string_to_array(t, ' ')) AS w, generate_series(1, least(length(w), 8)) AS n
$$;
