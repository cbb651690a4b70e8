CREATE TABLE "audit_seal_tip" (
	"one" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"upto_id" bigint NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_seal_tip_one" CHECK ("audit_seal_tip"."one")
);
--> statement-breakpoint
CREATE TABLE "audit_seals" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"upto_id" bigint NOT NULL,
	"row_count" integer NOT NULL,
	"rows_digest" text NOT NULL,
	"digest" text NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_seals_upto_id_unique" UNIQUE("upto_id")
);
--> statement-breakpoint
-- The audit trail's hash chain (lib/audit/chain.ts). The trail is append-only against the app's role
-- (migration 0001, issue 12), but its owner, a superuser, or whoever holds a backup file could still
-- change a row. Seals make any such change show: each covers the rows after the previous seal, up to
-- its own id, by the SHA-256 of their canonical text, chained to the previous seal's digest.

-- One row's canonical text: a JSON array whose output does not depend on the session (jsonb prints
-- its keys sorted; the time as microseconds since the epoch, not in the session's time zone).
CREATE FUNCTION "sdp_audit_rows_digest"(after_id bigint, upto_id bigint)
RETURNS TABLE ("row_count" integer, "digest" text)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT count(*)::int,
    encode(sha256(convert_to(coalesce(string_agg(json_build_array(
      a.id, a.operator_id, a.actor_id, a.action, a.entity_type, a.entity_id, a.before, a.after,
      a.request_id, (extract(epoch FROM a.at) * 1000000)::bigint
    )::text, E'\n' ORDER BY a.id), ''), 'UTF8')), 'hex')
  FROM audit_log a
  WHERE a.id > after_id AND a.id <= upto_id
$$;
--> statement-breakpoint
-- The highest id no transaction can still add below. A writer holds ROW EXCLUSIVE on audit_log from
-- its INSERT (which takes the id) until it ends; SHARE waits for every such writer and lets no new one
-- in until this transaction ends, so the highest id then is final. Call it as a statement of its own:
-- new writers wait behind it for at most lock_timeout, and a writer that runs long (an import) makes it
-- give up (NULL) and be tried again on the next round.
CREATE FUNCTION "sdp_audit_mark_tip"()
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET lock_timeout = '100ms' AS $$
DECLARE
  tip bigint;
BEGIN
  LOCK TABLE audit_log IN SHARE MODE;
  SELECT coalesce(max(a.id), 0) INTO tip FROM audit_log a;
  INSERT INTO audit_seal_tip AS t (one, upto_id, marked_at) VALUES (true, tip, now())
    ON CONFLICT (one) DO UPDATE SET upto_id = greatest(t.upto_id, excluded.upto_id), marked_at = excluded.marked_at;
  RETURN tip;
EXCEPTION WHEN lock_not_available THEN
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The next seal: at most max_rows rows after the last seal, never past the marked tip. Returns no row
-- when there is nothing to seal or another session is sealing. Runs with its owner's rights: the app's
-- role can read the seals but not write them.
CREATE FUNCTION "sdp_audit_seal"(max_rows integer)
RETURNS TABLE ("seq" bigint, "upto_id" bigint, "row_count" integer, "digest" text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  last_seq bigint := 0;
  last_upto bigint := 0;
  last_digest text := '';
  tip bigint;
  upto bigint;
  n integer;
  rows_d text;
  d text;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('sdp_audit_seal')) THEN
    RETURN;
  END IF;
  SELECT s.seq, s.upto_id, s.digest INTO last_seq, last_upto, last_digest
    FROM audit_seals s ORDER BY s.seq DESC LIMIT 1;
  IF NOT FOUND THEN
    last_seq := 0; last_upto := 0; last_digest := '';
  END IF;
  SELECT t.upto_id INTO tip FROM audit_seal_tip t;
  IF tip IS NULL OR tip <= last_upto THEN
    RETURN;
  END IF;
  SELECT a.id INTO upto FROM audit_log a
    WHERE a.id > last_upto AND a.id <= tip ORDER BY a.id OFFSET greatest(max_rows, 1) - 1 LIMIT 1;
  upto := coalesce(upto, tip);
  SELECT r.row_count, r.digest INTO n, rows_d FROM sdp_audit_rows_digest(last_upto, upto) r;
  d := encode(sha256(convert_to(concat_ws(':', last_digest, last_seq + 1, upto, n, rows_d), 'UTF8')), 'hex');
  INSERT INTO audit_seals AS s (seq, upto_id, row_count, rows_digest, digest)
    VALUES (last_seq + 1, upto, n, rows_d, d);
  RETURN QUERY SELECT last_seq + 1, upto, n, d;
END
$$;
--> statement-breakpoint
-- Seals are append-only like the trail they cover.
CREATE FUNCTION "sdp_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_seals_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_seals"
  FOR EACH ROW EXECUTE FUNCTION sdp_refuse_change();
--> statement-breakpoint
CREATE TRIGGER "audit_seals_no_truncate" BEFORE TRUNCATE ON "audit_seals"
  FOR EACH STATEMENT EXECUTE FUNCTION sdp_refuse_change();
