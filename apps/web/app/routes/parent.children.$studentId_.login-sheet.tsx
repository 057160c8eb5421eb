import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { attempt } from "~/.server/forms";
import { requireRole } from "~/.server/session";

const childPage = (studentId: string) => `/parent/children/${encodeURIComponent(studentId)}`;

export function loader({ params }: LoaderFunctionArgs) {
  return redirect(childPage(params.studentId ?? ""));
}

/**
 * «Скачать новый лист входа (PDF)»: makes a new one-time password (the old one
 * dies at once, the child's sessions end) and answers the sheet with it. The
 * password is only ever in this answer. Another family's child gets 403.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  requireRole(context, request, "parent");
  const studentId = params.studentId ?? "";
  const sheet = await attempt(() => context.api.childAccounts.reissueSheet({ studentId }));
  if (!sheet.ok) {
    if (sheet.status === 403 || sheet.status === 404 || sheet.status === 400) {
      const text = sheet.status === 403 ? sheet.formError : "Такой страницы нет";
      return new Response(text, { status: sheet.status === 403 ? 403 : 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    return redirect(`${childPage(studentId)}?sheet=${sheet.status === 429 ? "limited" : "failed"}#login-sheet-title`);
  }
  const { filename, base64 } = sheet.value.pdf;
  return new Response(Buffer.from(base64, "base64"), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}
