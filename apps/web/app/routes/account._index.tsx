import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { attempt, formFields, keepValues } from "~/.server/forms";
import { requireUser } from "~/.server/session";
import { ActionMessage } from "~/components/action-message";
import { Field, GRADES, RegionOptions } from "~/components/form";
import { NameFields } from "~/components/person-fields";
import { formatDate, formatDateTime } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Мой профиль — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  const profile = await context.api.profile.get();
  const regions = profile.student || profile.parent ? await context.api.reference.regions() : [];
  return { profile, regions };
}

type Scope = "profile" | "email";
interface Outcome {
  scope: Scope;
  message?: string;
  formError?: string | null;
  fieldErrors?: Partial<Record<string, string>>;
  values?: Record<string, string>;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const fields = await formFields(request);
  const student = user.role === "student";
  const fail = (scope: Scope, f: { status: number; formError: string; fieldErrors: Partial<Record<string, string>> }) =>
    data<Outcome>({ scope, formError: f.formError, fieldErrors: f.fieldErrors, values: keepValues(fields) }, { status: f.status });

  switch (fields.intent) {
    case "profile": {
      const names = { lastName: fields.lastName ?? "", firstName: fields.firstName ?? "", middleName: fields.middleName ?? "" };
      const result = await attempt(() =>
        user.role === "student"
          ? context.api.profile.updateStudent({ ...names, regionCode: fields.regionCode ?? "", school: fields.school ?? "", grade: fields.grade ?? "" } as never)
          : user.role === "parent"
            ? context.api.profile.updateParent({ ...names, regionCode: fields.regionCode ?? "" })
            : context.api.profile.updateName(names),
      );
      if (!result.ok) return fail("profile", result);
      return data<Outcome>({ scope: "profile", message: result.value.changed.length > 0 ? "Изменения сохранены." : "Всё уже так и было: ничего не изменилось." });
    }
    case "email": {
      const result = await attempt(() => context.api.profile.requestEmailChange({ email: fields.email ?? "" }));
      if (!result.ok) return fail("email", result);
      const { email } = result.value;
      return data<Outcome>({
        scope: "email",
        message: student
          ? `Ссылка для подтверждения отправлена на ${email}. Открой письмо и нажми «Подтвердить адрес».`
          : `Ссылка для подтверждения отправлена на ${email}. Откройте письмо и нажмите «Подтвердить адрес».`,
      });
    }
    case "cancelEmail": {
      const result = await attempt(() => context.api.profile.cancelEmailChange());
      if (!result.ok) return fail("email", result);
      return data<Outcome>({ scope: "email", message: "Смена адреса отменена: ссылка из письма больше не действует." });
    }
    default:
      return data<Outcome>({ scope: "profile", formError: "Неизвестное действие: обновите страницу и попробуйте ещё раз." }, { status: 400 });
  }
}

export default function MyProfile() {
  const { profile, regions } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const student = profile.role === "student";
  const forProfile = outcome?.scope === "profile" ? outcome : undefined;
  const forEmail = outcome?.scope === "email" ? outcome : undefined;
  const errors = forProfile?.fieldErrors ?? {};
  const v: Partial<Record<string, string>> = forProfile?.values ?? {
    lastName: profile.lastName,
    firstName: profile.firstName,
    middleName: profile.middleName ?? "",
    regionCode: profile.student?.regionCode ?? profile.parent?.regionCode ?? "",
    school: profile.student?.school ?? "",
    grade: profile.student ? String(profile.student.grade) : "",
  };
  const graduate = Boolean(profile.student?.graduatedAt);

  return (
    <>
      <h1>Мой профиль</h1>

      <section className="card" aria-labelledby="personal-title">
        <h2 id="personal-title" style={{ marginTop: 0 }}>
          Личные данные
        </h2>
        {profile.student ? (
          <p>
            {graduate ? (
              <>
                <span className="status ok">Выпускник</span> Школа окончена: результаты тестов, пробы и учебный план остаются в кабинете, новые пробы и тесты закрыты.
              </>
            ) : (
              <span className="small muted">
                Дата рождения: {formatDate(profile.student.birthDate)}. Класс повышается автоматически {formatDate(profile.student.nextMoveUpOn)}.
              </span>
            )}
          </p>
        ) : null}
        <ActionMessage result={forProfile} />
        <Form method="post" className="stack" noValidate aria-label="Личные данные">
          <input type="hidden" name="intent" value="profile" />
          <NameFields errors={errors} values={v} />
          {profile.student || profile.parent ? (
            <Field name="regionCode" label="Субъект РФ" errors={errors} defaultValue={v.regionCode} required>
              <RegionOptions regions={regions} />
            </Field>
          ) : null}
          {profile.student ? (
            <>
              <Field name="school" label="Школа" hint="Название или номер, например «Школа № 57»" errors={errors} defaultValue={v.school} required />
              {graduate ? (
                <>
                  <input type="hidden" name="grade" value={String(profile.student.grade)} />
                  <p className="small muted">Класс: {profile.student.grade}, школа окончена.</p>
                </>
              ) : (
                <Field name="grade" label="Класс" errors={errors} defaultValue={v.grade} required>
                  {GRADES.map((g) => (
                    <option key={g} value={g}>
                      {g} класс
                    </option>
                  ))}
                </Field>
              )}
            </>
          ) : null}
          <div className="actions">
            <button type="submit" disabled={busy}>
              Сохранить
            </button>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="email-title">
        <h2 id="email-title" style={{ marginTop: 0 }}>
          Электронная почта
        </h2>
        <p style={{ overflowWrap: "anywhere" }}>
          {profile.email ? (
            <>
              Адрес для входа и писем: <strong>{profile.email}</strong>
            </>
          ) : (
            "Электронная почта не привязана."
          )}
          {profile.login ? (
            <>
              <br />
              Логин для входа: <strong>{profile.login}</strong>
            </>
          ) : null}
        </p>
        {/* A refused address is explained on its field; other outcomes above the form. */}
        <ActionMessage result={forEmail?.fieldErrors?.email ? null : forEmail} />
        {profile.pendingEmail ? (
          <div className="alert info">
            <p style={{ margin: 0, overflowWrap: "anywhere" }}>
              Ждёт подтверждения: <strong>{profile.pendingEmail.email}</strong>. Ссылка отправлена на этот адрес и действует до {formatDateTime(profile.pendingEmail.expiresAt)}; до подтверждения
              {student ? " входи" : " входите"} с прежним адресом.
            </p>
            <Form method="post" className="actions" style={{ marginBottom: 0 }}>
              <input type="hidden" name="intent" value="cancelEmail" />
              <button type="submit" className="secondary" disabled={busy}>
                Отменить смену адреса
              </button>
            </Form>
          </div>
        ) : null}
        {profile.emailLocked ? (
          <p className="muted">{profile.emailLocked}</p>
        ) : (
          // A new key after a request clears the field for the next one.
          <Form key={forEmail?.message ?? "email"} method="post" className="stack" noValidate aria-label="Смена адреса электронной почты">
            <input type="hidden" name="intent" value="email" />
            <Field
              name="email"
              label={profile.email ? "Новый адрес электронной почты" : "Адрес электронной почты"}
              type="email"
              hint={
                profile.email
                  ? `На новый адрес придёт ссылка для подтверждения, на прежний — уведомление. Адрес сменится, когда ${student ? "ты нажмёшь" : "вы нажмёте"} «Подтвердить адрес» на странице из письма.`
                  : `Придёт ссылка для подтверждения. После неё ${student ? "ты сможешь" : "можно"} входить и с адресом, и с логином.`
              }
              errors={forEmail?.fieldErrors}
              defaultValue={forEmail?.fieldErrors ? forEmail.values?.email : undefined}
              autoComplete="email"
              required
            />
            <div className="actions">
              <button type="submit" disabled={busy}>
                {profile.email ? "Сменить адрес" : "Привязать адрес"}
              </button>
            </div>
          </Form>
        )}
      </section>
    </>
  );
}
