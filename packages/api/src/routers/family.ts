import type { TRPCRouterRecord } from "@trpc/server";
import { consent, family, type InvitationRegistration } from "@bilet/core";
import { invitationIdInput, inviteInput, listPageInput, parentByInvitationInput, studentByInvitationInput, studentIdInput, tokenInput } from "@bilet/validators";
import { authedProcedure, parentProcedure, publicProcedure, roleProcedure, type ApiContext } from "../trpc.ts";

/** Signed in at once after an emailed invitation; after a copied link, the address is confirmed first. */
function afterRegistration(ctx: ApiContext, result: InvitationRegistration): { redirectTo: string } {
  if (result.kind === "activation_sent") return { redirectTo: `/register/sent?email=${encodeURIComponent(result.email)}` };
  ctx.setCookie(result.signedIn.cookie);
  return { redirectTo: result.signedIn.redirectTo };
}

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
  /** The first page of the invitations sent (see sentInvitationsPage for the rest). */
  sentInvitations: familyMember.query(({ ctx }) => family.listSentInvitations(ctx.deps.db, ctx.actor)),
  sentInvitationsPage: familyMember.input(listPageInput).query(({ ctx, input }) => family.sentInvitationsPage(ctx.deps.db, ctx.actor, input)),
  incomingInvitations: familyMember.query(({ ctx }) => family.listIncomingInvitations(ctx.deps.db, ctx.actor)),
  acceptIncoming: familyMember
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => family.acceptIncomingInvitation(ctx.deps, ctx.actor, input.invitationId, ctx.meta)),

  /** What the invitation page shows before anyone acts. */
  preview: publicProcedure.input(tokenInput).query(({ ctx, input }) => family.previewInvitation(ctx.deps.db, input.token)),
  accept: authedProcedure.input(tokenInput).mutation(({ ctx, input }) => family.acceptInvitation(ctx.deps, ctx.actor, input.token, ctx.meta)),
  registerStudent: publicProcedure.input(studentByInvitationInput).mutation(async ({ ctx, input }) => afterRegistration(ctx, await family.registerByInvitation(ctx.deps, "student", input, ctx.meta))),
  registerParent: publicProcedure.input(parentByInvitationInput).mutation(async ({ ctx, input }) => afterRegistration(ctx, await family.registerByInvitation(ctx.deps, "parent", input, ctx.meta))),
  /** A parent copies an invitation link for a child of 14 or more (to pass through a messenger): shown once. */
  createLink: parentProcedure.mutation(({ ctx }) => family.createInvitationLink(ctx.deps, ctx.actor, ctx.meta)),

  /** Who the signed-in person is linked with. */
  linked: familyMember.query(({ ctx }) => family.listLinked(ctx.deps.db, ctx.actor)),
  child: authedProcedure.input(studentIdInput).query(async ({ ctx, input }) => ({
    child: await family.childSummary(ctx.deps.db, ctx.actor, input.studentId),
    admission: await consent.studentAdmission(ctx.deps.db, ctx.actor, input.studentId),
  })),
} satisfies TRPCRouterRecord;
