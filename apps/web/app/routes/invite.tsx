import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { attempt, formFields, keepValues } from "~/.server/forms";
import { passwordChangeFirst } from "~/.server/session";
import { Field, FormAlert, RegionOptions } from "~/components/form";
import { NameFields, StudentFields } from "~/components/person-fields";
import { SiteHeader } from "~/components/site-header";

export const meta: MetaFunction = () => [{ title: "Приглашение — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.user?.mustChangePassword) throw passwordChangeFirst(request);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const preview = await attempt(() => context.api.family.preview({ token }));
  const regions = await context.api.reference.regions();
  const me = context.user ? { role: context.user.role, email: context.user.email } : null;
  if (!preview.ok) return { token, me, regions, problem: preview.fieldErrors.token ?? preview.formError, invitation: null };
  return { token, me, regions, problem: null, invitation: preview.value };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = await formFields(request);
  const { intent, ...rest } = fields;
  const result = await attempt(async () => {
    if (intent === "accept") return context.api.family.accept({ token: rest.token ?? "" });
    if (intent === "registerStudent") return context.api.family.registerStudent(rest as never);
    return context.api.family.registerParent(rest as never);
  });
  if (!result.ok) return data({ ...result, values: keepValues(rest) }, { status: result.status });
  return redirect(result.value.redirectTo);
}

const STATE_PROBLEM = {
  accepted: "Это приглашение уже принято. Войдите в свой кабинет.",
  revoked: "Приглашение отозвано отправителем.",
  expired: "Срок действия приглашения истёк. Попросите отправить его ещё раз.",
} as const;

export default function Invite() {
  const { token, me, regions, problem, invitation } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors = failed?.fieldErrors ?? {};
  const v = failed?.values ?? {};
  const forParent = invitation?.inviteeRole === "parent";
  const stateProblem = invitation && invitation.state !== "pending" ? STATE_PROBLEM[invitation.state] : null;

  let body;
  if (problem || stateProblem || !invitation) {
    body = (
      <div className="alert error" role="alert">
        {problem ?? stateProblem}
      </div>
    );
  } else if (me) {
    const rightRole = me.role === invitation.inviteeRole;
    body = rightRole ? (
      <Form method="post">
        <FormAlert message={failed?.formError} />
        <p>{invitation.inviteeEmail ? `Приглашение отправлено на адрес ${invitation.inviteeEmail}.` : "Примите приглашение, чтобы связать кабинеты."}</p>
        <input type="hidden" name="intent" value="accept" />
        <input type="hidden" name="token" value={token} />
        <button type="submit">Принять приглашение</button>
      </Form>
    ) : (
      <div className="alert error" role="alert">
        {forParent ? "Это приглашение для родителя, а вы вошли как участник." : "Это приглашение для участника, а вы вошли не как участник."} Выйдите и откройте ссылку снова.
      </div>
    );
  } else if (invitation.accountExists) {
    body = (
      <p>
        С адресом {invitation.inviteeEmail} уже есть учётная запись.{" "}
        <Link className="button" to={`/login?redirectTo=${encodeURIComponent(`/invite?token=${token}`)}`}>
          Войти, чтобы принять приглашение
        </Link>
      </p>
    );
  } else {
    body = (
      <Form method="post" className="stack" noValidate>
        <FormAlert message={failed?.formError} />
        <input type="hidden" name="intent" value={forParent ? "registerParent" : "registerStudent"} />
        <input type="hidden" name="token" value={token} />
        {invitation.inviteeEmail ? (
          <Field name="email" label="Электронная почта" type="email" defaultValue={invitation.inviteeEmail} readOnly hint="Адрес из приглашения; подтверждать его ещё раз не нужно" />
        ) : (
          <>
            <p className="small">
              Уже есть учётная запись?{" "}
              <Link to={`/login?redirectTo=${encodeURIComponent(`/invite?token=${token}`)}`}>Войти, чтобы принять приглашение</Link>
            </p>
            <Field
              name="email"
              label="Электронная почта"
              type="email"
              errors={errors}
              defaultValue={v.email}
              autoComplete="email"
              hint={forParent ? "На этот адрес придёт письмо: откройте ссылку из него, чтобы подтвердить адрес и войти" : "На этот адрес придёт письмо: открой ссылку из него, чтобы подтвердить адрес и войти"}
              required
            />
          </>
        )}
        <NameFields errors={errors} values={v} />
        {forParent ? null : <StudentFields errors={errors} values={v} />}
        <Field name="regionCode" label="Субъект РФ" errors={errors} defaultValue={v.regionCode} required>
          <RegionOptions regions={regions} />
        </Field>
        {forParent ? null : <Field name="school" label="Школа" hint="Название или номер" errors={errors} defaultValue={v.school} required />}
        <Field name="password" label="Пароль" type="password" hint="Не меньше 8 символов, буквы и цифры" errors={errors} autoComplete="new-password" required />
        <div className="actions">
          <button type="submit">Зарегистрироваться и связать кабинеты</button>
        </div>
      </Form>
    );
  }

  return (
    <>
      <SiteHeader />
      <main>
        <h1>{forParent ? "Приглашение для родителя" : "Приглашение в проект"}</h1>
        {invitation && !problem && !stateProblem ? (
          <p className="lead">
            {invitation.inviterName} {forParent ? "приглашает вас связать личные кабинеты: так ребёнок сможет участвовать в практических мероприятиях." : "приглашает тебя в проект «Билет в будущее»."}
          </p>
        ) : null}
        {body}
      </main>
    </>
  );
}
