import type { TRPCRouterRecord } from "@trpc/server";
import { accounts } from "@bilet/core";
import {
  emailOnlyInput,
  loginInput,
  parentRegistrationInput,
  passwordChangeInput,
  passwordResetInput,
  studentRegistrationInput,
  tokenInput,
} from "@bilet/validators";
import { authedProcedure, publicProcedure } from "../trpc.ts";

export const authRouter = {
  registerStudent: publicProcedure
    .input(studentRegistrationInput)
    .mutation(({ ctx, input }) => accounts.registerStudent(ctx.deps, input, ctx.meta)),

  registerParent: publicProcedure
    .input(parentRegistrationInput)
    .mutation(({ ctx, input }) => accounts.registerParent(ctx.deps, input, ctx.meta)),

  activate: publicProcedure.input(tokenInput).mutation(async ({ ctx, input }) => {
    const signedIn = await accounts.activateAccount(ctx.deps, input.token, ctx.meta);
    ctx.setCookie(signedIn.cookie);
    return { role: signedIn.user.role, redirectTo: signedIn.redirectTo };
  }),

  resendActivation: publicProcedure.input(emailOnlyInput).mutation(async ({ ctx, input }) => {
    await accounts.resendActivation(ctx.deps, input.email, ctx.meta);
    return { email: input.email };
  }),

  /** By email or by login; after a one-time password `redirectTo` is the page that asks for a new one. */
  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const signedIn = await accounts.login(ctx.deps, input, ctx.meta);
    ctx.setCookie(signedIn.cookie);
    return { role: signedIn.user.role, redirectTo: signedIn.redirectTo };
  }),

  /** A new password of the signed-in person's choosing; the only thing allowed while a one-time password must be replaced. */
  changePassword: authedProcedure.input(passwordChangeInput).mutation(async ({ ctx, input }) => {
    const signedIn = await accounts.changePassword(ctx.deps, ctx.actor, input, ctx.meta);
    ctx.setCookie(signedIn.cookie);
    return { redirectTo: signedIn.redirectTo };
  }),

  logout: authedProcedure.mutation(async ({ ctx }) => {
    const { cookie } = await accounts.logout(ctx.deps, ctx.sessionId, ctx.user.id, ctx.meta);
    ctx.setCookie(cookie);
    return { redirectTo: "/" };
  }),

  requestPasswordReset: publicProcedure.input(emailOnlyInput).mutation(async ({ ctx, input }) => {
    await accounts.requestPasswordReset(ctx.deps, input.email, ctx.meta);
    return { email: input.email };
  }),

  resetPassword: publicProcedure.input(passwordResetInput).mutation(async ({ ctx, input }) => {
    await accounts.resetPassword(ctx.deps, input, ctx.meta);
    return { redirectTo: "/login" };
  }),

  me: publicProcedure.query(({ ctx }) => (ctx.user ? accounts.describeMe(ctx.user) : null)),
} satisfies TRPCRouterRecord;
