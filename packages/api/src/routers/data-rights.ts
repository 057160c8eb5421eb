import type { TRPCRouterRecord } from "@trpc/server";
import { dataRights } from "@bilet/core";
import { dataSubjectInput, deletionRequestInput } from "@bilet/validators";
import { authedProcedure, staffProcedure } from "../trpc.ts";

/**
 * The family's data rights (152-ФЗ): a person's data as a file and a page, and
 * deletion after a grace period. Without `subjectId` a person acts for
 * themselves; with it, a parent for a linked child (core checks who may).
 */
export const dataRightsRouter = {
  overview: authedProcedure
    .input(dataSubjectInput)
    .query(({ ctx, input }) => dataRights.dataRightsOverview(ctx.deps, ctx.actor, input.subjectId ?? ctx.actor.id)),
  exportData: authedProcedure.input(dataSubjectInput).query(async ({ ctx, input }) => {
    const subjectId = input.subjectId ?? ctx.actor.id;
    const data = await dataRights.exportPersonalData(ctx.deps, ctx.actor, subjectId, ctx.meta);
    return { data, filename: dataRights.exportFileName(data, subjectId !== ctx.actor.id) };
  }),
  requestDeletion: authedProcedure
    .input(deletionRequestInput)
    .mutation(({ ctx, input }) => dataRights.requestDeletion(ctx.deps, ctx.actor, input, ctx.meta)),
  cancelDeletion: authedProcedure.input(dataSubjectInput).mutation(({ ctx, input }) => dataRights.cancelDeletion(ctx.deps, ctx.actor, input, ctx.meta)),
  /** Staff see what is waiting; nothing here erases anything: only the periodic job does. */
  pendingDeletions: staffProcedure.query(({ ctx }) => dataRights.listPendingDeletions(ctx.deps.db, ctx.actor)),
} satisfies TRPCRouterRecord;
