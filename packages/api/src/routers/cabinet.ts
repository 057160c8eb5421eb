import type { TRPCRouterRecord } from "@trpc/server";
import { countUsersByRole, getParentProfile, getStudentProfile } from "@bilet/core";
import { mentorProcedure, parentProcedure, staffProcedure, studentProcedure } from "../trpc.ts";

/** What each cabinet's front page shows; each is open to its own role only. */
export const cabinetRouter = {
  student: studentProcedure.query(async ({ ctx }) => ({ profile: await getStudentProfile(ctx.deps.db, ctx.user.id) })),
  parent: parentProcedure.query(async ({ ctx }) => ({ profile: await getParentProfile(ctx.deps.db, ctx.user.id) })),
  mentor: mentorProcedure.query(({ ctx }) => ({ name: `${ctx.user.firstName} ${ctx.user.lastName}` })),
  staff: staffProcedure.query(async ({ ctx }) => ({ users: await countUsersByRole(ctx.deps.db) })),
} satisfies TRPCRouterRecord;
