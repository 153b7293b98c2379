ALTER TABLE "changesets" ADD COLUMN "request_key" text;--> statement-breakpoint
ALTER TABLE "changesets" ADD COLUMN "request_digest" text;--> statement-breakpoint
CREATE UNIQUE INDEX "changesets_user_request_key" ON "changesets" USING btree ("user_id","request_key");