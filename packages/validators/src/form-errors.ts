import type { z } from "zod";

/** The form's own message when a field is wrong; the field's message goes beside it. */
export const INVALID_INPUT_MESSAGE = "Проверьте правильность заполнения формы";

/** Field → first message, for showing zod errors beside form fields. */
export type FieldErrors = Partial<Record<string, string>>;

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "_form";
    out[key] ??= issue.message;
  }
  return out;
}
