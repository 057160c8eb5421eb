import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { getMailboxEmail, listMailbox } from "@bilet/mail";
import { z } from "zod";
import { publicProcedure } from "../trpc.ts";

export const devMailboxRouter = {
  /** Emails kept while no SMTP server is configured; gone as soon as SMTP_URL is set. */
  list: publicProcedure
    .input(z.object({ to: z.string().trim().max(254).optional() }).default({}))
    .query(({ ctx, input }) => {
      if (!ctx.mailboxEnabled) throw new TRPCError({ code: "NOT_FOUND", message: "Страница не найдена" });
      return listMailbox(ctx.deps.db, { to: input.to || undefined, limit: 100 });
    }),
  byId: publicProcedure.input(z.object({ id: z.uuid({ error: "Письмо не найдено" }) })).query(async ({ ctx, input }) => {
    const email = ctx.mailboxEnabled ? await getMailboxEmail(ctx.deps.db, input.id) : null;
    if (!email) throw new TRPCError({ code: "NOT_FOUND", message: "Письмо не найдено" });
    return email;
  }),
} satisfies TRPCRouterRecord;
