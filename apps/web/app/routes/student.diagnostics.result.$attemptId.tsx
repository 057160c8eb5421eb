import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { attempt } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { ResultView } from "~/components/diagnostics";
import { formatDate } from "~/lib/format";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `Результат: ${d?.result.test.title ?? "тест"} — Билет в будущее` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireRole(context, request, "student");
  const attemptId = params.attemptId ?? "";
  const result = await attempt(() => context.api.diagnostics.result({ attemptId }));
  if (!result.ok) throw data(result.formError, { status: result.status === 400 ? 404 : result.status });
  const history = (await context.api.diagnostics.results({ studentId: user.id })).filter((r) => r.testId === result.value.test.id && r.attemptId !== attemptId);
  return { result: result.value, history };
}

/** The result right after finishing: the chart, each scale's band and what it means, and for quizzes the answers explained. */
export default function StudentResult() {
  const { result, history } = useLoaderData<typeof loader>();
  return (
    <ResultView
      result={result}
      viewer="student"
      heading={`Результат: ${result.test.title}`}
      back={{ to: "/student/diagnostics", label: "Все тесты" }}
      history={history.map((h) => ({ to: `/student/diagnostics/result/${h.attemptId}`, label: `Результат от ${formatDate(h.finishedAt)}` }))}
      actions={
        <>
          <Link className="button secondary" to="/student/diagnostics/profile">
            Мой профиль интересов
          </Link>
          <Link className="button secondary" to="/student/diagnostics">
            Все тесты
          </Link>
        </>
      }
    />
  );
}
