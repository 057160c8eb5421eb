import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { attempt } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { ResultView } from "~/components/diagnostics";
import { formatDate } from "~/lib/format";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.child.name ?? "Ребёнок"}: ${d?.result.test.title ?? "результат теста"} — Билет в будущее` }];

const refuse = (status: number, message: string) => data(status === 403 ? "Нет доступа к этой странице" : message, { status: status === 400 ? 404 : status });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireRole(context, request, "parent");
  const studentId = params.studentId ?? "";
  const card = await attempt(() => context.api.family.child({ studentId }));
  if (!card.ok) throw refuse(card.status, card.formError);
  const result = await attempt(() => context.api.diagnostics.result({ attemptId: params.attemptId ?? "" }));
  if (!result.ok) throw refuse(result.status, result.formError);
  // Another linked child's result under this child's address: there is no such page.
  if (result.value.studentId !== studentId) throw data("Результат не найден", { status: 404 });
  const history = (await context.api.diagnostics.results({ studentId })).filter((r) => r.testId === result.value.test.id && r.attemptId !== result.value.attemptId);
  return { child: card.value.child, result: result.value, history };
}

/** One finished test of a linked child, as the parent sees it (the notification «…: тест «…» пройден» leads here). */
export default function ChildResult() {
  const { child, result, history } = useLoaderData<typeof loader>();
  const base = `/parent/children/${child.id}/diagnostics`;
  return (
    <ResultView
      result={result}
      viewer="parent"
      heading={`${child.name}: ${result.test.title}`}
      back={{ to: base, label: `Результаты диагностики: ${child.name}` }}
      history={history.map((h) => ({
        to: `${base}/${h.attemptId}`,
        label: `Результат от ${formatDate(h.finishedAt)}`,
        extra: (
          <>
            {" "}
            <Link className="small" to={`${base}?a=${h.attemptId}&b=${result.attemptId}`} aria-label={`Сравнить с результатом от ${formatDate(h.finishedAt)}`}>
              сравнить
            </Link>
          </>
        ),
      }))}
      actions={
        <Link className="button secondary" to={base}>
          Все результаты и профиль
        </Link>
      }
    />
  );
}
