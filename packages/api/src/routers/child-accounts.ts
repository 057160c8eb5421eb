import type { TRPCRouterRecord } from "@trpc/server";
import { childAccounts } from "@bilet/core";
import { childUnder14Input, studentIdInput } from "@bilet/validators";
import { parentProcedure } from "../trpc.ts";

/**
 * A child under 14 whose account the parent makes. The one-time password is
 * only in the answer that made it (on screen and in the login sheet PDF, made
 * in the same request); the database keeps its hash.
 */
export const childAccountsRouter = {
  add: parentProcedure.input(childUnder14Input).mutation(async ({ ctx, input }) => {
    const sheet = await childAccounts.addChildUnder14(ctx.deps, ctx.actor, input, ctx.meta);
    return { ...sheet, pdf: await childAccounts.loginSheetFile(ctx.deps, sheet) };
  }),

  /** A new login sheet: a new one-time password, the old one dead at once, the child's sessions ended. Answers the PDF only. */
  reissueSheet: parentProcedure.input(studentIdInput).mutation(async ({ ctx, input }) => {
    const sheet = await childAccounts.reissueLoginSheet(ctx.deps, ctx.actor, input.studentId, ctx.meta);
    return { studentId: sheet.studentId, login: sheet.login, pdf: await childAccounts.loginSheetFile(ctx.deps, sheet) };
  }),
} satisfies TRPCRouterRecord;
