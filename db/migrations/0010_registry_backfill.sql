-- Members enrolled before registry sync existed get their outbox row and a queued state, so that
-- they are sent too (the same rows enqueueMemberChanges writes; idempotent by reference_id).
INSERT INTO "registry_outbox" ("operator_id", "member_id", "member_version", "reference_id")
SELECT "operator_id", "id", "version", "id"::text || '.v' || "version"::text FROM "members"
ON CONFLICT ("reference_id") DO NOTHING;
--> statement-breakpoint
INSERT INTO "member_registry" ("member_id", "operator_id", "state")
SELECT "id", "operator_id", 'queued' FROM "members"
ON CONFLICT ("member_id") DO NOTHING;
