import type { TRPCRouterRecord } from "@trpc/server";
import { requests } from "@bilet/core";
import { decideRequestInput, faqQueryInput, listPageInput, replyRequestInput, requestIdInput, requestQueueInput, submitRequestInput } from "@bilet/validators";
import { authedProcedure, publicProcedure, staffProcedure } from "../trpc.ts";

const actorOf = (user: { id: string; role: "student" | "parent" | "mentor" | "staff" } | null) => (user ? { id: user.id, role: user.role } : null);

export const requestsRouter = {
  /** The knowledge base's three closest answers. */
  faq: publicProcedure.input(faqQueryInput).query(({ input }) => requests.searchFaq(input.q, 3)),
  prefill: publicProcedure.query(({ ctx }) => requests.prefill(ctx.deps.db, actorOf(ctx.user))),
  submit: publicProcedure.input(submitRequestInput).mutation(({ ctx, input }) => requests.submitRequest(ctx.deps, actorOf(ctx.user), input, ctx.meta)),
  mine: authedProcedure.input(listPageInput).query(({ ctx, input }) => requests.myRequests(ctx.deps.db, ctx.actor, input)),
  queue: staffProcedure.input(requestQueueInput).query(({ ctx, input }) => requests.queue(ctx.deps.db, ctx.actor, input)),
  byId: staffProcedure.input(requestIdInput).query(({ ctx, input }) => requests.requestById(ctx.deps.db, ctx.actor, input.id)),
  decide: staffProcedure.input(decideRequestInput).mutation(({ ctx, input }) => requests.decide(ctx.deps, ctx.actor, input, ctx.meta)),
  assign: staffProcedure.input(requestIdInput).mutation(({ ctx, input }) => requests.assignToMe(ctx.deps, ctx.actor, input.id)),
  reply: staffProcedure.input(replyRequestInput).mutation(({ ctx, input }) => requests.reply(ctx.deps, ctx.actor, input, ctx.meta)),
  close: staffProcedure.input(requestIdInput).mutation(({ ctx, input }) => requests.closeRequest(ctx.deps, ctx.actor, input.id)),
} satisfies TRPCRouterRecord;
