import type { TRPCRouterRecord } from "@trpc/server";
import { esia } from "@bilet/core";
import { regionCode } from "@bilet/validators";
import { z } from "zod";
import { parentProcedure, publicProcedure } from "../trpc.ts";

const completionToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "Регистрация через Госуслуги устарела. Начните вход заново.");

/** «Войти через Госуслуги»: OpenID Connect against the configured provider. */
export const esiaRouter = {
  enabled: publicProcedure.query(({ ctx }) => Boolean(ctx.deps.esia)),
  /** Signed-in parents attach ESIA; everyone else signs in or up. */
  start: publicProcedure
    .input(z.object({ redirectTo: z.string().max(500).optional() }).default({}))
    .mutation(({ ctx, input }) =>
      esia.startEsiaLogin(ctx.deps, { actor: ctx.user ? { id: ctx.user.id, role: ctx.user.role } : undefined, redirectTo: input.redirectTo }),
    ),
  callback: publicProcedure.input(z.object({ url: z.url() })).mutation(async ({ ctx, input }) => {
    const outcome = await esia.finishEsiaLogin(ctx.deps, input.url, ctx.meta);
    if (outcome.kind === "signedIn") {
      ctx.setCookie(outcome.cookie);
      return { kind: outcome.kind, redirectTo: outcome.redirectTo };
    }
    return outcome;
  }),
  previewSignUp: publicProcedure.input(z.object({ completionToken })).query(({ ctx, input }) => esia.previewEsiaSignUp(ctx.deps.db, input.completionToken)),
  completeSignUp: publicProcedure.input(z.object({ completionToken, regionCode })).mutation(async ({ ctx, input }) => {
    const done = await esia.completeEsiaSignUp(ctx.deps, input.completionToken, input, ctx.meta);
    ctx.setCookie(done.cookie);
    return { redirectTo: done.redirectTo };
  }),
  status: parentProcedure.query(({ ctx }) => esia.esiaStatus(ctx.deps.db, ctx.actor)),
} satisfies TRPCRouterRecord;
