import type { TRPCRouterRecord } from "@trpc/server";
import { profileSettings, sessionList } from "@bilet/core";
import { emailChangeInput, nameSettingsInput, parentSettingsInput, sessionHandleInput, studentSettingsInput, tokenInput } from "@bilet/validators";
import { authedProcedure, parentProcedure, publicProcedure, studentProcedure } from "../trpc.ts";

/** «Мой профиль» (/account): the person's own data, email and sessions. Everyone acts on themselves only. */
export const profileRouter = {
  get: authedProcedure.query(({ ctx }) => profileSettings.getProfileSettings(ctx.deps, ctx.user.id)),

  /** A student: name, region, school, grade. */
  updateStudent: studentProcedure.input(studentSettingsInput).mutation(({ ctx, input }) => profileSettings.updateProfile(ctx.deps, ctx.actor, input, ctx.meta)),

  /** A parent: name and region. */
  updateParent: parentProcedure.input(parentSettingsInput).mutation(({ ctx, input }) => profileSettings.updateProfile(ctx.deps, ctx.actor, input, ctx.meta)),

  /** Anyone: the name only (mentors and staff have nothing else). */
  updateName: authedProcedure.input(nameSettingsInput).mutation(({ ctx, input }) => profileSettings.updateProfile(ctx.deps, ctx.actor, input, ctx.meta)),

  requestEmailChange: authedProcedure.input(emailChangeInput).mutation(({ ctx, input }) => profileSettings.requestEmailChange(ctx.deps, ctx.actor, input.email, ctx.meta)),

  cancelEmailChange: authedProcedure.mutation(({ ctx }) => profileSettings.cancelEmailChange(ctx.deps, ctx.actor, ctx.meta)),

  /**
   * The link's page posts here; the link itself is the proof, so no session is
   * needed. `sameUser` says whether this browser is signed in as the account,
   * which then may end its sessions elsewhere.
   */
  confirmEmailChange: publicProcedure.input(tokenInput).mutation(async ({ ctx, input }) => {
    const confirmed = await profileSettings.confirmEmailChange(ctx.deps, input.token, ctx.meta);
    return { email: confirmed.email, attached: confirmed.attached, sameUser: ctx.user?.id === confirmed.userId };
  }),

  sessions: authedProcedure.query(({ ctx }) => sessionList.listSessions(ctx.deps.db, ctx.user.id, ctx.sessionId)),

  endSession: authedProcedure.input(sessionHandleInput).mutation(async ({ ctx, input }) => {
    const ended = await sessionList.endSession(ctx.deps, ctx.actor, input.session, ctx.sessionId, ctx.meta);
    if (ended.current) ctx.setCookie(ctx.deps.sessions.blankCookie());
    return ended;
  }),

  endOtherSessions: authedProcedure.mutation(({ ctx }) => sessionList.endOtherSessions(ctx.deps, ctx.actor, ctx.sessionId, ctx.meta)),

  /** «Выйти на всех устройствах»: this browser too. */
  endAllSessions: authedProcedure.mutation(async ({ ctx }) => {
    const { cookie, ended } = await sessionList.endAllSessions(ctx.deps, ctx.actor, ctx.meta);
    ctx.setCookie(cookie);
    return { ended, redirectTo: "/login" };
  }),
} satisfies TRPCRouterRecord;
