import { data, type AppLoadContext } from "@remix-run/node";
import { formatDateTime } from "@bilet/validators";
import { attempt, formFields } from "./forms";

/**
 * The pieces «Мои данные» and «Данные ребёнка» share: the form's action,
 * the JSON download and the data of the printable page. `subjectId` is the
 * child's id on a parent's pages, undefined on the person's own.
 */
export async function dataRightsAction(context: AppLoadContext, request: Request, subjectId?: string) {
  const fields = await formFields(request);
  if (fields.intent === "cancel") {
    const result = await attempt(() => context.api.dataRights.cancelDeletion({ subjectId }));
    if (!result.ok) return data({ message: null, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
    return { message: "Удаление отменено: данные сохранены.", formError: null, fieldErrors: {} };
  }
  if (fields.intent === "request") {
    const result = await attempt(() => context.api.dataRights.requestDeletion({ subjectId, password: fields.password, phrase: fields.phrase }));
    if (!result.ok) return data({ message: null, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
    return {
      message: `Запрос принят: данные будут удалены ${formatDateTime(result.value.effectiveAt)}. До этого запрос можно отменить на этой странице.`,
      formError: null,
      fieldErrors: {},
    };
  }
  return data({ message: null, formError: "Обновите страницу и попробуйте ещё раз", fieldErrors: {} }, { status: 400 });
}

const plain = (text: string, status: number) => new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** The JSON file as a download with a dated name; another family's child gets 403. */
export async function exportJsonResponse(context: AppLoadContext, subjectId?: string): Promise<Response> {
  const result = await attempt(() => context.api.dataRights.exportData({ subjectId }));
  if (!result.ok) return plain(result.status === 403 ? "Нет доступа к этим данным" : result.formError, result.status === 400 ? 404 : result.status);
  return new Response(`${JSON.stringify(result.value.data, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${result.value.filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** The export for the printable page; a refusal becomes the error page of its status. */
export async function exportForPage(context: AppLoadContext, subjectId?: string) {
  const result = await attempt(() => context.api.dataRights.exportData({ subjectId }));
  if (!result.ok) throw data(result.formError, { status: result.status === 400 ? 404 : result.status });
  return result.value.data;
}

/** The overview for the page; a refusal becomes the error page of its status. */
export async function overviewForPage(context: AppLoadContext, subjectId?: string) {
  const result = await attempt(() => context.api.dataRights.overview({ subjectId }));
  if (!result.ok) throw data(result.formError, { status: result.status === 400 ? 404 : result.status });
  return result.value;
}
