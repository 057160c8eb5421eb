import { z } from "zod";

/**
 * The family's data rights (152-ФЗ): inputs of the export and of a deletion
 * request. Without `subjectId` the signed-in person acts for themselves; with
 * it, a parent acts for a linked child.
 */

/** What a person without a password (signed up through Госуслуги only) types to confirm a deletion request. */
export const DELETION_PHRASE = "удалить";

const subjectId = z.uuid({ error: "Участник не найден" }).optional();

export const dataSubjectInput = z.object({ subjectId });

export const deletionRequestInput = z.object({
  subjectId,
  /** The requester's own password: asked of everyone who has one. */
  password: z.string().max(128, "Пароль должен содержать не больше 128 символов").optional(),
  /** The phrase DELETION_PHRASE, for an account that has no password. */
  phrase: z.string().trim().max(50, "Введите слово «удалить»").optional(),
});

export type DeletionRequestInput = z.input<typeof deletionRequestInput>;

/** Names of deletion states as pages show them. */
export const DELETION_STATUS_NAMES = {
  pending: "ожидает удаления",
  cancelled: "отменено",
  completed: "данные удалены",
} as const;
