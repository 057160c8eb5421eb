import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { AppError } from "@bilet/core";
import { fieldErrors as zodFieldErrors, type FieldErrors } from "@bilet/validators";
import { ZodError } from "zod";

export interface FormFailure {
  ok: false;
  status: number;
  formError: string;
  fieldErrors: FieldErrors;
  code: string;
}

export type Attempt<T> = { ok: true; value: T } | FormFailure;

/**
 * Runs a procedure for a form and turns a refusal into what the page shows:
 * a Russian message, messages per field, and the HTTP status to answer with.
 */
export async function attempt<T>(call: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const status = getHTTPStatusCodeFromError(error);
    if (error.cause instanceof ZodError) {
      return { ok: false, status, code: "BAD_REQUEST", formError: "Проверьте правильность заполнения формы", fieldErrors: zodFieldErrors(error.cause) };
    }
    if (error.cause instanceof AppError) {
      return { ok: false, status, code: error.cause.code, formError: error.cause.message, fieldErrors: error.cause.details.fieldErrors ?? {} };
    }
    if (status >= 500) throw error;
    return { ok: false, status, code: error.code, formError: error.message, fieldErrors: {} };
  }
}

/** Form fields as strings; the procedure's zod input does the real checking. */
export async function formFields(request: Request): Promise<Record<string, string>> {
  // A body that is no form (another content type, or broken) is an empty form: the procedure's own checks answer it.
  const form = await request.formData().catch(() => new FormData());
  const out: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") out[key] = value;
  return out;
}

/** What a form keeps after a failed submit: everything but secrets. */
export function keepValues(fields: Record<string, string>): Record<string, string> {
  const { password: _password, ...rest } = fields;
  return rest;
}
