import type { TRPCRouterRecord } from "@trpc/server";
import { recommendations } from "@bilet/core";
import { planQueryInput } from "@bilet/validators";
import { authedProcedure, staffProcedure } from "../trpc.ts";

export const recommendationsRouter = {
  /** The plan of a student: for the student, a linked parent or staff (a mentor is refused). */
  plan: authedProcedure.input(planQueryInput).query(({ ctx, input }) => recommendations.studentPlan(ctx.deps.db, ctx.actor, input.studentId, input.version)),
  /** The same plan as a PDF, base64-encoded for the page that serves the download. */
  pdf: authedProcedure.input(planQueryInput).query(async ({ ctx, input }) => {
    const { filename, pdf } = await recommendations.studentPlanPdf(ctx.deps.db, ctx.actor, input.studentId, input.version);
    return { filename, base64: pdf.toString("base64") };
  }),
  /** How many plans exist, by grade and by region. */
  counts: staffProcedure.query(({ ctx }) => recommendations.planCounts(ctx.deps.db, ctx.actor)),
} satisfies TRPCRouterRecord;
