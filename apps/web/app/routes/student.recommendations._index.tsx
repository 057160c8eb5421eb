import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { attempt } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { PlanView, planVersion } from "~/components/recommendations";

export const meta: MetaFunction = () => [{ title: "Рекомендации — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, "student");
  const plan = await attempt(() => context.api.recommendations.plan({ studentId: user.id, version: planVersion(request.url) }));
  if (!plan.ok) throw data(plan.status === 403 ? "Нет доступа к этой странице" : plan.formError, { status: plan.status === 400 ? 404 : plan.status });
  const name = [user.lastName, user.firstName, user.middleName].filter(Boolean).join(" ");
  return { view: plan.value, name };
}

/** The student's individual study plan: every item with its reason, versions, printing and the PDF. */
export default function StudentRecommendations() {
  const { view, name } = useLoaderData<typeof loader>();
  return (
    <PlanView
      view={view}
      viewer="student"
      name={view.state === "ready" ? view.studentName : name}
      paths={{ page: "/student/recommendations", pdf: "/student/recommendations/pdf" }}
      back={{ to: "/student", label: "Личный кабинет" }}
    />
  );
}
