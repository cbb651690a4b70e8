ALTER TABLE "member_registry" DROP CONSTRAINT "member_registry_state_ck";--> statement-breakpoint
ALTER TABLE "registry_outbox" DROP CONSTRAINT "registry_outbox_status_ck";--> statement-breakpoint
DROP INDEX "registry_outbox_due_idx";--> statement-breakpoint
ALTER TABLE "registry_outbox" ADD COLUMN "acked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "registry_outbox" ADD COLUMN "polls" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "registry_outbox_due_idx" ON "registry_outbox" USING btree ("next_attempt_at","id") WHERE "registry_outbox"."status" IN ('pending', 'in_flight', 'acked');--> statement-breakpoint
-- Members an earlier version marked "has SPID" from an answer without one: their latest change is sent
-- again (its reference_id is the registry's idempotency key, so nothing is enrolled twice) and the SPID
-- is then looked up. Done before the constraint below, which such rows would break.
UPDATE "registry_outbox" SET "status" = 'pending', "next_attempt_at" = now(), "x_road_id" = NULL, "batch_id" = NULL,
  "locked_by" = NULL, "locked_until" = NULL
WHERE "id" IN (
  SELECT max(o."id") FROM "registry_outbox" o JOIN "member_registry" m ON m."member_id" = o."member_id"
  WHERE m."state" = 'has_spid' AND m."spid" IS NULL GROUP BY o."member_id"
) AND "status" IN ('done', 'failed');--> statement-breakpoint
UPDATE "member_registry" SET "state" = 'queued', "updated_at" = now() WHERE "state" = 'has_spid' AND "spid" IS NULL;--> statement-breakpoint
ALTER TABLE "member_registry" ADD CONSTRAINT "member_registry_has_spid_ck" CHECK ("member_registry"."state" <> 'has_spid' OR "member_registry"."spid" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "member_registry" ADD CONSTRAINT "member_registry_state_ck" CHECK ("member_registry"."state" IN ('not_sent', 'queued', 'sent', 'accepted', 'has_spid', 'awaiting_review', 'rejected', 'needs_attention'));--> statement-breakpoint
ALTER TABLE "registry_outbox" ADD CONSTRAINT "registry_outbox_status_ck" CHECK ("registry_outbox"."status" IN ('pending', 'in_flight', 'acked', 'done', 'failed'));