import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { notices } from "@bilet/core";
import { authedProcedure, publicProcedure } from "../trpc.ts";

const choicesInput = z.object({
  choices: z.array(z.object({ kind: z.string().min(1).max(64), email: z.boolean(), push: z.boolean() })).max(50),
});

/** A browser's PushSubscription.toJSON(): an https endpoint and its keys (URL-safe base64). */
const subscriptionInput = z.object({
  endpoint: z.url({ protocol: /^https$/, error: "Браузер дал адрес для уведомлений, который не подходит" }).max(2000),
  keys: z.object({
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, "Браузер дал ключ, который не подходит"),
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,44}={0,2}$/, "Браузер дал ключ, который не подходит"),
  }),
});

const deviceInput = z.object({ id: z.uuid({ error: "Устройство не найдено" }) });
const endpointInput = z.object({ endpoint: z.string().min(1).max(2000) });

/** The query of an unsubscribe link: the person, the kind and the signature. */
const unsubscribeInput = z.object({ u: z.string().max(64), k: z.string().max(64), s: z.string().max(128) });

export const notificationSettingsRouter = {
  /** The person's channels per kind of their role, their push devices and the key to subscribe with. */
  get: authedProcedure.query(({ ctx }) => notices.notificationSettings(ctx.deps.db, ctx.actor)),
  save: authedProcedure.input(choicesInput).mutation(({ ctx, input }) => notices.saveNotificationChoices(ctx.deps.db, ctx.actor, input.choices)),
  subscribe: authedProcedure.input(subscriptionInput).mutation(({ ctx, input }) => notices.subscribeDevice(ctx.deps.db, ctx.actor, input, ctx.meta)),
  removeDevice: authedProcedure.input(deviceInput).mutation(({ ctx, input }) => notices.removeDevice(ctx.deps.db, ctx.actor, input.id)),
  /** The browser unsubscribed itself (permission withdrawn, «Отключить на этом устройстве»). */
  forgetDevice: authedProcedure.input(endpointInput).mutation(({ ctx, input }) => notices.removeDeviceByEndpoint(ctx.deps.db, ctx.actor, input.endpoint)),

  /** What a signed unsubscribe link would switch off; works without signing in. */
  unsubscribePreview: publicProcedure.input(unsubscribeInput).query(({ ctx, input }) => notices.unsubscribePreview(ctx.deps.db, input)),
  /** The click on the unsubscribe page (a POST: mail scanners only follow links). */
  unsubscribe: publicProcedure.input(unsubscribeInput).mutation(({ ctx, input }) => notices.unsubscribeByLink(ctx.deps.db, input)),
} satisfies TRPCRouterRecord;
