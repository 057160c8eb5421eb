import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { attempt } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { PlanView, planVersion } from "~/components/recommendations";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `Рекомендации: ${d?.child.name ?? "ребёнок"} — Билет в будущее` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireRole(context, request, "parent");
  const studentId = params.studentId ?? "";
  const card = await attempt(() => context.api.family.child({ studentId }));
  if (!card.ok) throw data(card.status === 403 ? "Нет доступа к этой странице" : card.formError, { status: card.status === 400 ? 404 : card.status });
  const plan = await attempt(() => context.api.recommendations.plan({ studentId, version: planVersion(request.url) }));
  if (!plan.ok) throw data(plan.status === 403 ? "Нет доступа к этой странице" : plan.formError, { status: plan.status === 400 ? 404 : plan.status });
  return { child: { id: card.value.child.id, name: card.value.child.name }, view: plan.value };
}

/** A linked child's individual study plan, for the parent. */
export default function ChildRecommendations() {
  const { child, view } = useLoaderData<typeof loader>();
  const base = `/parent/children/${child.id}/recommendations`;
  return (
    <PlanView
      view={view}
      viewer="parent"
      name={child.name}
      paths={{ page: base, pdf: `${base}/pdf` }}
      back={{ to: `/parent/children/${child.id}`, label: child.name }}
    />
  );
}
