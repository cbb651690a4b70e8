-- Room on each page for HOT updates (no index entry rewritten when no indexed column changes):
-- every payment line is updated once when its result is imported, and a member's record version
-- is bumped when what they receive changes (lib/registry/benefits.ts). Bulk-written pages were full,
-- so each such update wrote a new entry in every index (members have two large GIN indexes).
-- Applies to pages written from now on.
ALTER TABLE "payment_lines" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "members" SET (fillfactor = 90);
