import type { TRPCRouterRecord } from "@trpc/server";
import { diagnostics } from "@bilet/core";
import { attemptIdInput, saveAnswerInput, studentIdInput, testIdInput, testReportInput, uploadTestInput } from "@bilet/validators";
import { authedProcedure, staffProcedure, studentProcedure } from "../trpc.ts";

export const diagnosticsRouter = {
  /** The tests of the student's grade, with progress. */
  catalogue: studentProcedure.query(({ ctx }) => diagnostics.catalogue(ctx.deps.db, ctx.actor)),
  start: studentProcedure.input(testIdInput).mutation(({ ctx, input }) => diagnostics.startAttempt(ctx.deps, ctx.actor, input.testId)),
  attempt: studentProcedure.input(attemptIdInput).query(({ ctx, input }) => diagnostics.viewAttempt(ctx.deps.db, ctx.actor, input.attemptId)),
  answer: studentProcedure.input(saveAnswerInput).mutation(({ ctx, input }) => diagnostics.saveAnswer(ctx.deps, ctx.actor, input)),
  finish: studentProcedure.input(attemptIdInput).mutation(({ ctx, input }) => diagnostics.finishAttempt(ctx.deps, ctx.actor, input.attemptId, ctx.meta)),
  /** A finished attempt, for the student, a linked parent or staff. */
  result: authedProcedure.input(attemptIdInput).query(({ ctx, input }) => diagnostics.attemptResult(ctx.deps.db, ctx.actor, input.attemptId)),
  results: authedProcedure.input(studentIdInput).query(({ ctx, input }) => diagnostics.resultsOf(ctx.deps.db, ctx.actor, input.studentId)),
  profile: authedProcedure.input(studentIdInput).query(({ ctx, input }) => diagnostics.profileOf(ctx.deps.db, ctx.actor, input.studentId)),
  tests: staffProcedure.query(({ ctx }) => diagnostics.staffTests(ctx.deps.db, ctx.actor)),
  report: staffProcedure.input(testReportInput).query(({ ctx, input }) => diagnostics.testReport(ctx.deps.db, ctx.actor, input.testId, input.version)),
  upload: staffProcedure.input(uploadTestInput).mutation(({ ctx, input }) => diagnostics.uploadTest(ctx.deps, ctx.actor, input.file, ctx.meta)),
} satisfies TRPCRouterRecord;
