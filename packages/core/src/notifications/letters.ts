import { asc, eq, inArray } from "drizzle-orm";
import { loadEnv } from "@bilet/config";
import { trialMentors, trials, users, type DbOrTx } from "@bilet/db";
import { noticeEmails, type NoticeAddressee, type NoticeLetterItem, type RenderedEmail } from "@bilet/mail";
import { shortName } from "../people.ts";
import { trialFactLines, type TrialFacts } from "../trials/approval.ts";
import { kindLabel, kindOfNotice, noticeKind, type NoticeKindId } from "./kinds.ts";
import { unsubscribeUrl } from "./unsubscribe.ts";

/** A notice as a letter sees it: what is stored, and the paragraphs a caller may add. */
export interface LetterNotice {
  type: string;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown>;
  lines?: string[];
}

export interface LetterRecipient {
  id: string;
  email: string;
  firstName: string;
  role: NoticeAddressee;
}

/**
 * The public origin for links in letters where no CoreDeps is at hand (a
 * notice stored deep inside another service's transaction): the same
 * APP_ORIGIN the server was started with.
 */
export function defaultOrigin(): string {
  try {
    return loadEnv().APP_ORIGIN;
  } catch {
    return "http://localhost:3000";
  }
}

export const settingsUrl = (origin: string) => `${origin}/settings/notifications`;

/** The facts of these trials (title, when, where, level, mentors), for letters. */
export async function trialFactsOf(db: DbOrTx, trialIds: string[]): Promise<Map<string, TrialFacts>> {
  const ids = [...new Set(trialIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: trials.id,
      title: trials.title,
      startsAt: trials.startsAt,
      durationMinutes: trials.durationMinutes,
      format: trials.format,
      regionCode: trials.regionCode,
      address: trials.address,
      level: trials.level,
    })
    .from(trials)
    .where(inArray(trials.id, ids));
  const mentors = await db
    .select({ trialId: trialMentors.trialId, firstName: users.firstName, lastName: users.lastName })
    .from(trialMentors)
    .innerJoin(users, eq(users.id, trialMentors.mentorId))
    .where(inArray(trialMentors.trialId, ids))
    .orderBy(asc(users.lastName), asc(users.firstName));
  return new Map(rows.map((t) => [t.id, { ...t, mentors: mentors.filter((m) => m.trialId === t.id).map(shortName) }]));
}

const trialIdOf = (n: LetterNotice) => (typeof n.data.trialId === "string" ? n.data.trialId : null);

/** Trials whose facts the letters about these notices show (those that did not bring their own lines). */
export function trialsToDescribe(notices: LetterNotice[]): string[] {
  return notices.filter((n) => !n.lines && noticeKind(kindOfNotice(n.type, n.data)).trialFacts).flatMap((n) => trialIdOf(n) ?? []);
}

/** One notice as a part of a letter: its text, the trial's facts and a button into the cabinet. */
export function letterItem(n: LetterNotice, origin: string, facts: Map<string, TrialFacts>): NoticeLetterItem {
  const kind = noticeKind(kindOfNotice(n.type, n.data));
  const trial = kind.trialFacts && !n.lines ? facts.get(trialIdOf(n) ?? "") : undefined;
  return {
    title: n.title,
    text: n.lines ?? (n.body ? [n.body] : []),
    facts: trial ? [`Проба: «${trial.title}».`, ...trialFactLines(trial)] : [],
    action: n.link ? { label: kind.action, url: `${origin}${n.link}` } : null,
  };
}

/**
 * The letter for one person about one notice or several (a digest), with a
 * signed unsubscribe link for each informational kind in it.
 */
export async function noticeLetter(db: DbOrTx, origin: string, to: LetterRecipient, notices: LetterNotice[], facts?: Map<string, TrialFacts>): Promise<RenderedEmail> {
  const known = facts ?? (await trialFactsOf(db, trialsToDescribe(notices)));
  const items = notices.map((n) => letterItem(n, origin, known));
  const informational = [...new Set(notices.map((n) => kindOfNotice(n.type, n.data)))].filter((k) => noticeKind(k).class === "informational");
  const unsubscribe = await Promise.all(informational.map(async (k: NoticeKindId) => ({ label: kindLabel(k, to.role), url: await unsubscribeUrl(db, origin, to.id, k) })));
  const common = { addressee: to.role, firstName: to.firstName, settingsUrl: settingsUrl(origin), unsubscribe };
  return notices.length === 1 ? noticeEmails.notice({ ...common, type: notices[0]!.type, item: items[0]! }) : noticeEmails.digest({ ...common, items });
}

/** A decision's letter, made without the database: the caller brings the lines with the facts. */
export function decisionLetter(origin: string, to: LetterRecipient, n: LetterNotice): RenderedEmail {
  return noticeEmails.notice({
    addressee: to.role,
    firstName: to.firstName,
    settingsUrl: settingsUrl(origin),
    unsubscribe: [],
    type: n.type,
    item: letterItem(n, origin, new Map()),
  });
}
