import type { TRPCRouterRecord } from "@trpc/server";
import { consent } from "@bilet/core";
import { studentIdInput } from "@bilet/validators";
import { z } from "zod";
import { authedProcedure, parentProcedure, studentProcedure } from "../trpc.ts";

export const consentRouter = {
  /** The consent text to read before agreeing, with both names filled in. */
  text: parentProcedure.input(studentIdInput).query(({ ctx, input }) => consent.consentText(ctx.deps.db, ctx.actor, input.studentId, ctx.deps.operator)),
  give: parentProcedure
    .input(studentIdInput.extend({ version: z.string().min(1, "Прочитайте текст согласия") }))
    .mutation(({ ctx, input }) => consent.giveConsent(ctx.deps, ctx.actor, input, { ...ctx.meta, authMethod: ctx.authMethod })),
  withdraw: parentProcedure.input(studentIdInput).mutation(({ ctx, input }) => consent.withdrawConsent(ctx.deps, ctx.actor, input.studentId, ctx.meta)),
  history: authedProcedure.input(studentIdInput).query(({ ctx, input }) => consent.consentHistory(ctx.deps.db, ctx.actor, input.studentId)),
  /** The signed-in student's own admission to practical trials. */
  myAdmission: studentProcedure.query(({ ctx }) => consent.studentAdmission(ctx.deps.db, ctx.actor, ctx.user.id)),
  admission: authedProcedure.input(studentIdInput).query(({ ctx, input }) => consent.studentAdmission(ctx.deps.db, ctx.actor, input.studentId)),
} satisfies TRPCRouterRecord;
