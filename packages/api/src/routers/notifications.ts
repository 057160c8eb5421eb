import type { TRPCRouterRecord } from "@trpc/server";
import { listNotifications, markNotificationsRead } from "@bilet/core";
import { notificationIdsInput, notificationListInput } from "@bilet/validators";
import { authedProcedure } from "../trpc.ts";

export const notificationsRouter = {
  list: authedProcedure.input(notificationListInput).query(({ ctx, input }) => listNotifications(ctx.deps.db, ctx.user.id, input)),
  markRead: authedProcedure.input(notificationIdsInput).mutation(({ ctx, input }) => markNotificationsRead(ctx.deps.db, ctx.user.id, input.ids)),
  markAllRead: authedProcedure.mutation(({ ctx }) => markNotificationsRead(ctx.deps.db, ctx.user.id, "all")),
} satisfies TRPCRouterRecord;
