CREATE TABLE "platform_counts" (
	"name" text PRIMARY KEY NOT NULL,
	"data" jsonb NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "trials_starts_at_idx";--> statement-breakpoint
DROP INDEX "notifications_user_created_idx";--> statement-breakpoint
DROP INDEX "email_outbox_to_idx";--> statement-breakpoint
DROP INDEX "email_outbox_created_idx";--> statement-breakpoint
DROP INDEX "enrollments_waitlist_idx";--> statement-breakpoint
DROP INDEX "requests_queue";--> statement-breakpoint
DROP INDEX "requests_user";--> statement-breakpoint
CREATE INDEX "users_mentors_idx" ON "users" USING btree ("last_name","first_name","id") WHERE "users"."role" = 'mentor';--> statement-breakpoint
CREATE INDEX "invitations_inviter_sent_idx" ON "invitations" USING btree ("inviter_id","last_sent_at","id");--> statement-breakpoint
CREATE INDEX "trials_starts_at_id_idx" ON "trials" USING btree ("starts_at","id");--> statement-breakpoint
CREATE INDEX "requests_created" ON "requests" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_user_created_idx" ON "notifications" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "email_outbox_to_idx" ON "email_outbox" USING btree ("to_address","created_at","id");--> statement-breakpoint
CREATE INDEX "email_outbox_created_idx" ON "email_outbox" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "enrollments_waitlist_idx" ON "enrollments" USING btree ("trial_id","waitlisted_at","created_at","id") WHERE "enrollments"."status" = 'waitlisted';--> statement-breakpoint
CREATE INDEX "requests_queue" ON "requests" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "requests_user" ON "requests" USING btree ("user_id","created_at","id") WHERE "requests"."user_id" is not null;