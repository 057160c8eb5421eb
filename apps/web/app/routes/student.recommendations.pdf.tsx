import type { LoaderFunctionArgs } from "@remix-run/node";
import { attempt } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { planVersion } from "~/components/recommendations";

/** The student's plan as a PDF download; without a plan, a plain 404 that says why. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, "student");
  const pdf = await attempt(() => context.api.recommendations.pdf({ studentId: user.id, version: planVersion(request.url) }));
  if (!pdf.ok) {
    const status = pdf.status === 403 ? 403 : 404;
    const text = status === 403 ? "Нет доступа к этой странице" : pdf.status === 400 ? "Такой версии плана нет" : pdf.formError;
    return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { filename, base64 } = pdf.value;
  return new Response(Buffer.from(base64, "base64"), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "private, no-store" },
  });
}
