import type { TRPCRouterRecord } from "@trpc/server";
import { consent, family } from "@bilet/core";
import { invitationIdInput, inviteInput, parentByInvitationInput, studentByInvitationInput, studentIdInput, tokenInput } from "@bilet/validators";
import { authedProcedure, publicProcedure, roleProcedure } from "../trpc.ts";

/** Either side of a family: students invite parents, parents invite children. */
const familyMember = roleProcedure("student", "parent");

export const familyRouter = {
  invite: familyMember.input(inviteInput).mutation(({ ctx, input }) => family.inviteFamilyMember(ctx.deps, ctx.actor, input.email, ctx.meta)),
  resendInvitation: familyMember
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => family.resendInvitation(ctx.deps, ctx.actor, input.invitationId, ctx.meta)),
  revokeInvitation: familyMember
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => family.revokeInvitation(ctx.deps, ctx.actor, input.invitationId, ctx.meta)),
  sentInvitations: familyMember.query(({ ctx }) => family.listSentInvitations(ctx.deps.db, ctx.actor)),
  incomingInvitations: familyMember.query(({ ctx }) => family.listIncomingInvitations(ctx.deps.db, ctx.actor)),
  acceptIncoming: familyMember
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => family.acceptIncomingInvitation(ctx.deps, ctx.actor, input.invitationId, ctx.meta)),

  /** What the invitation page shows before anyone acts. */
  preview: publicProcedure.input(tokenInput).query(({ ctx, input }) => family.previewInvitation(ctx.deps.db, input.token)),
  accept: authedProcedure.input(tokenInput).mutation(({ ctx, input }) => family.acceptInvitation(ctx.deps, ctx.actor, input.token, ctx.meta)),
  registerStudent: publicProcedure.input(studentByInvitationInput).mutation(async ({ ctx, input }) => {
    const signedIn = await family.registerByInvitation(ctx.deps, "student", input, ctx.meta);
    ctx.setCookie(signedIn.cookie);
    return { redirectTo: signedIn.redirectTo };
  }),
  registerParent: publicProcedure.input(parentByInvitationInput).mutation(async ({ ctx, input }) => {
    const signedIn = await family.registerByInvitation(ctx.deps, "parent", input, ctx.meta);
    ctx.setCookie(signedIn.cookie);
    return { redirectTo: signedIn.redirectTo };
  }),

  /** Who the signed-in person is linked with. */
  linked: familyMember.query(({ ctx }) => family.listLinked(ctx.deps.db, ctx.actor)),
  child: authedProcedure.input(studentIdInput).query(async ({ ctx, input }) => ({
    child: await family.childSummary(ctx.deps.db, ctx.actor, input.studentId),
    admission: await consent.studentAdmission(ctx.deps.db, ctx.actor, input.studentId),
  })),
} satisfies TRPCRouterRecord;
