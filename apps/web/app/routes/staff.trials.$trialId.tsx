import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { FormAlert } from "~/components/form";
import { TrialFields } from "~/components/trial-fields";
import { moscowInput, toMoscowInput } from "~/lib/trials";

export const meta: MetaFunction = () => [{ title: "Изменить пробу — Билет в будущее" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireRole(context, request, "staff");
  const trial = await attempt(() => context.api.trials.byId({ trialId: params.trialId ?? "" }));
  if (!trial.ok) throw data(trial.formError, { status: 404 });
  const [competencies, regions] = await Promise.all([context.api.trials.competencies(), context.api.reference.regions()]);
  const t = trial.value;
  const values: Record<string, string | undefined> = {
    competencyCode: t.competencyCode,
    title: t.title,
    description: t.description,
    level: t.level,
    format: t.format,
    regionCode: t.regionCode ?? undefined,
    address: t.address ?? undefined,
    link: t.link ?? undefined,
    startsAt: toMoscowInput(t.startsAt),
    durationMinutes: String(t.durationMinutes),
    capacity: String(t.capacity),
    minGrade: String(t.minGrade),
    maxGrade: String(t.maxGrade),
    enrollDeadline: toMoscowInput(t.enrollDeadline),
  };
  return { trialId: t.id, values, competencies, regions, takenSeats: t.capacity - t.freeSeats };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  requireRole(context, request, "staff");
  const f = await formFields(request);
  const result = await attempt(() =>
    context.api.trials.update({ ...f, trialId: params.trialId ?? "", startsAt: moscowInput(f.startsAt), enrollDeadline: moscowInput(f.enrollDeadline) } as never),
  );
  if (!result.ok) return data({ formError: result.formError, fieldErrors: result.fieldErrors, values: f }, { status: result.status });
  return redirect("/staff/trials");
}

export default function EditTrial() {
  const { values, competencies, regions, takenSeats } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/staff/trials">← Пробы и сезон</Link>
      </p>
      <h1>Изменить пробу</h1>
      <p className="muted">Занято мест: {takenSeats}. Мест не может стать меньше.</p>
      <Form method="post" className="stack">
        <FormAlert message={failed?.formError} />
        <TrialFields values={failed?.values ?? values} errors={failed?.fieldErrors ?? {}} competencies={competencies} regions={regions} />
        <div className="actions">
          <button type="submit">Сохранить изменения</button>
        </div>
      </Form>
    </>
  );
}
