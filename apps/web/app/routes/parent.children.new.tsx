import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { isUnder14On, moscowDay, TOO_OLD_FOR_CHILD_ACCOUNT } from "@bilet/validators";
import { attempt, formFields, keepValues } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { Field, FormAlert, RegionOptions } from "~/components/form";
import { NameFields, StudentFields } from "~/components/person-fields";

export const meta: MetaFunction = () => [{ title: "Добавить ребёнка младше 14 лет — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "parent");
  const [regions, cabinet] = await Promise.all([context.api.reference.regions(), context.api.cabinet.parent()]);
  return { regions, parentRegion: cabinet.profile.regionCode };
}

/**
 * Creates the child's account. The one-time password exists only in this
 * answer (and in the PDF made in the same request): nothing keeps it, so the
 * answer must not be cached either.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  requireRole(context, request, "parent");
  const fields = await formFields(request);
  const result = await attempt(() => context.api.childAccounts.add(fields as never));
  const noStore = { "Cache-Control": "no-store" };
  if (!result.ok) return data({ ...result, values: keepValues(fields) }, { status: result.status, headers: noStore });
  const { studentId, name, login, password, pdf } = result.value;
  return data({ ok: true as const, studentId, name, login, password, pdf }, { headers: noStore });
}

export default function NewChild() {
  const { regions, parentRegion } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.ok) return <LoginSheetShown {...result} />;
  return <ChildForm regions={regions} parentRegion={parentRegion} failed={result && !result.ok ? result : undefined} />;
}

function ChildForm(props: {
  regions: { code: string; name: string }[];
  parentRegion: string;
  failed?: { formError: string; fieldErrors: Partial<Record<string, string>>; values: Record<string, string> };
}) {
  const busy = useNavigation().state === "submitting";
  const errors = props.failed?.fieldErrors ?? {};
  const v = props.failed?.values ?? {};
  // The same rule as the server's, for a hint before sending; the server decides.
  const [birthDate, setBirthDate] = useState(v.birthDate ?? "");
  const tooOld = /^\d{4}-\d{2}-\d{2}$/.test(birthDate) && !errors.birthDate && !isUnder14On(birthDate, moscowDay(new Date()));
  return (
    <>
      <p>
        <Link to="/parent">← Личный кабинет</Link>
      </p>
      <h1>Добавить ребёнка младше 14 лет</h1>
      <p className="muted">
        Электронная почта ребёнку не нужна: платформа придумает логин и временный пароль и сделает лист входа. Ребёнок войдёт по нему и сразу придумает свой пароль.
        Ребёнку от 14 лет отправьте приглашение по электронной почте или ссылкой из кабинета — он зарегистрируется сам.
      </p>
      <Form
        method="post"
        className="stack"
        noValidate
        onChange={(e) => {
          const input = e.target as HTMLInputElement;
          if (input.name === "birthDate") setBirthDate(input.value);
        }}
      >
        <FormAlert message={props.failed?.formError} />
        <NameFields errors={errors} values={v} />
        <StudentFields errors={errors} values={v} />
        {tooOld ? (
          <p className="alert error" role="note">
            {TOO_OLD_FOR_CHILD_ACCOUNT} <Link to="/parent#invitations-title">К приглашениям</Link>
          </p>
        ) : null}
        <Field name="regionCode" label="Субъект РФ" hint="Если не выбрать, будет ваш" errors={errors} defaultValue={v.regionCode ?? props.parentRegion}>
          <RegionOptions regions={props.regions} />
        </Field>
        <Field name="school" label="Школа" hint="Название или номер, например «Школа № 57»" errors={errors} defaultValue={v.school} required />
        <div className="actions">
          <button type="submit" disabled={busy}>
            Создать учётную запись
          </button>
          <Link to="/parent">Отмена</Link>
        </div>
      </Form>
    </>
  );
}

/** Read aloud or copied by hand: large, monospaced. */
const SECRET = { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", fontSize: "1.3rem", fontWeight: 700, letterSpacing: "0.06em" } as const;

/** The login and the password, shown once, with the sheet to download and the next step: the consent. */
function LoginSheetShown(props: { studentId: string; name: string; login: string; password: string; pdf: { filename: string; base64: string } }) {
  return (
    <>
      <p>
        <Link to="/parent">← Личный кабинет</Link>
      </p>
      <h1>Учётная запись ребёнка создана</h1>
      <div className="alert success" role="status">
        Учётная запись создана: {props.name}. Кабинеты связаны.
      </div>
      <section className="card" aria-labelledby="sheet-title">
        <h2 id="sheet-title">Лист входа</h2>
        <dl className="facts" aria-label="Логин и пароль ребёнка">
          <dt>Логин</dt>
          <dd style={SECRET}>{props.login}</dd>
          <dt>Временный пароль</dt>
          <dd style={SECRET}>{props.password}</dd>
        </dl>
        <p className="small">
          Пароль показан один раз: в открытом виде мы его не храним и показать снова не сможем. Скачайте и распечатайте лист входа или перепишите логин и пароль для
          ребёнка. При первом входе ребёнок придумает свой пароль. Если лист потеряется, на странице ребёнка можно скачать новый.
        </p>
        <div className="actions">
          <a className="button" href={`data:application/pdf;base64,${props.pdf.base64}`} download={props.pdf.filename}>
            Скачать лист входа (PDF)
          </a>
        </div>
      </section>
      <section className="card" aria-labelledby="next-title">
        <h2 id="next-title">Следующий шаг: согласие</h2>
        <p>Чтобы ребёнок мог участвовать в практических мероприятиях, дайте согласие на обработку его персональных данных — это отдельный документ.</p>
        <p>
          <Link className="button" to={`/parent/children/${props.studentId}#consent-title`}>
            Перейти к согласию
          </Link>
        </p>
      </section>
      <p>
        <Link to="/parent/children/new" reloadDocument>
          Добавить ещё одного ребёнка
        </Link>
      </p>
    </>
  );
}
