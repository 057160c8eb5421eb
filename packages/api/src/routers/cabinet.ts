import type { TRPCRouterRecord } from "@trpc/server";
import { getParentProfile, getStudentProfile, staffCounts } from "@bilet/core";
import { mentorProcedure, parentProcedure, staffProcedure, studentProcedure } from "../trpc.ts";

/** What each cabinet's front page shows; each is open to its own role only. */
export const cabinetRouter = {
  student: studentProcedure.query(async ({ ctx }) => ({ profile: await getStudentProfile(ctx.deps.db, ctx.user.id) })),
  parent: parentProcedure.query(async ({ ctx }) => ({ profile: await getParentProfile(ctx.deps.db, ctx.user.id) })),
  mentor: mentorProcedure.query(({ ctx }) => ({ name: `${ctx.user.firstName} ${ctx.user.lastName}` })),
  /** Counts from platform_counts (refreshed every minute), not a count of every user per view. */
  staff: staffProcedure.query(({ ctx }) => staffCounts(ctx.deps.db, ctx.actor)),
} satisfies TRPCRouterRecord;
