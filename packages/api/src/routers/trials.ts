import type { TRPCRouterRecord } from "@trpc/server";
import { trials } from "@bilet/core";
import {
  assignMentorInput,
  attendanceInput,
  enrollmentIdInput,
  feedbackInput,
  listPageInput,
  mentorInviteInput,
  mentorRegistrationInput,
  mentorSearchInput,
  ratingInput,
  rosterInput,
  seasonInput,
  studentIdInput,
  trialFilterInput,
  trialIdInput,
  trialInput,
} from "@bilet/validators";
import { mentorProcedure, parentProcedure, publicProcedure, roleProcedure, staffProcedure, studentProcedure } from "../trpc.ts";

/** Practical trials: catalogue, enrollment with parent approval, mentors, attendance, feedback. */
export const trialsRouter = {
  competencies: publicProcedure.query(({ ctx }) => ctx.deps.db.query.competencies.findMany({ orderBy: (c, { asc }) => [asc(c.area), asc(c.name)] })),
  season: publicProcedure.query(({ ctx }) => trials.getSeason(ctx.deps.db)),
  list: publicProcedure.input(trialFilterInput).query(({ ctx, input }) => trials.listTrials(ctx.deps.db, ctx.user ? { id: ctx.user.id, role: ctx.user.role } : null, input)),
  byId: publicProcedure.input(trialIdInput).query(({ ctx, input }) => trials.trialById(ctx.deps.db, input.trialId)),

  enroll: studentProcedure.input(trialIdInput).mutation(({ ctx, input }) => trials.enroll(ctx.deps, ctx.actor, input.trialId, ctx.meta)),
  cancel: studentProcedure.input(enrollmentIdInput).mutation(({ ctx, input }) => trials.cancelEnrollment(ctx.deps, ctx.actor, input.enrollmentId, ctx.meta)),
  mine: studentProcedure.query(({ ctx }) => trials.enrollmentsOf(ctx.deps.db, ctx.actor, ctx.user.id)),
  rate: studentProcedure.input(ratingInput).mutation(({ ctx, input }) => trials.rateTrial(ctx.deps, ctx.actor, input, ctx.meta)),

  ofChild: roleProcedure("parent", "staff").input(studentIdInput).query(({ ctx, input }) => trials.enrollmentsOf(ctx.deps.db, ctx.actor, input.studentId)),
  /** The approval request as it stands now: the trial's facts and the decision, if one was made. */
  approvalRequest: parentProcedure.input(enrollmentIdInput).query(({ ctx, input }) => trials.approvalRequestState(ctx.deps.db, ctx.actor, input.enrollmentId)),
  approve: parentProcedure.input(enrollmentIdInput).mutation(({ ctx, input }) => trials.approveEnrollment(ctx.deps, ctx.actor, input.enrollmentId, ctx.meta)),
  decline: parentProcedure.input(enrollmentIdInput).mutation(({ ctx, input }) => trials.declineEnrollment(ctx.deps, ctx.actor, input.enrollmentId, ctx.meta)),

  mentorTrials: mentorProcedure.input(listPageInput).query(({ ctx, input }) => trials.mentorTrials(ctx.deps.db, ctx.actor, input)),
  roster: roleProcedure("mentor", "staff").input(rosterInput).query(({ ctx, input }) => trials.roster(ctx.deps.db, ctx.actor, input.trialId, input)),
  markAttendance: mentorProcedure.input(attendanceInput).mutation(({ ctx, input }) => trials.markAttendance(ctx.deps, ctx.actor, input, ctx.meta)),
  leaveFeedback: mentorProcedure.input(feedbackInput).mutation(({ ctx, input }) => trials.leaveFeedback(ctx.deps, ctx.actor, input, ctx.meta)),
  registerMentor: publicProcedure.input(mentorRegistrationInput).mutation(async ({ ctx, input }) => {
    const done = await trials.registerMentor(ctx.deps, input, ctx.meta);
    ctx.setCookie(done.cookie);
    return { redirectTo: done.redirectTo };
  }),

  create: staffProcedure.input(trialInput).mutation(({ ctx, input }) => trials.createTrial(ctx.deps, ctx.actor, input, ctx.meta)),
  update: staffProcedure.input(trialIdInput.and(trialInput)).mutation(({ ctx, input }) => trials.updateTrial(ctx.deps, ctx.actor, input.trialId, input, ctx.meta)),
  cancelTrial: staffProcedure.input(trialIdInput).mutation(({ ctx, input }) => trials.cancelTrial(ctx.deps, ctx.actor, input.trialId, ctx.meta)),
  assignMentor: staffProcedure.input(assignMentorInput).mutation(({ ctx, input }) => trials.assignMentor(ctx.deps, ctx.actor, input.trialId, input.mentorId, ctx.meta)),
  /** The mentor picker: at most 10 mentors whose name or email starts with `q`. */
  mentors: staffProcedure.input(mentorSearchInput).query(({ ctx, input }) => trials.searchMentors(ctx.deps.db, ctx.actor, input.q)),
  inviteMentor: staffProcedure.input(mentorInviteInput).mutation(({ ctx, input }) => trials.inviteMentor(ctx.deps, ctx.actor, input.email, ctx.meta)),
  setSeason: staffProcedure.input(seasonInput).mutation(({ ctx, input }) => trials.setSeason(ctx.deps.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;

