import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState, type ChangeEvent } from "react";
import { attempt, formFields } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { ActionMessage } from "~/components/action-message";

export const meta: MetaFunction = () => [{ title: "Диагностика и психометрика — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "staff");
  return { tests: await context.api.diagnostics.tests() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireRole(context, request, "staff");
  const f = await formFields(request);
  const uploaded = await attempt(() => context.api.diagnostics.upload({ file: f.file ?? "" }));
  if (!uploaded.ok) return data({ formError: uploaded.formError, fieldErrors: uploaded.fieldErrors, message: null, file: f.file ?? "" }, { status: uploaded.status });
  const { title, version } = uploaded.value;
  return { formError: null, fieldErrors: {} as Record<string, string>, message: `Тест «${title}» загружен, версия ${version}. Новые попытки пойдут по этой версии.`, file: "" };
}

/** Every test with its current version and how many finished it; a form to upload a test or a new version. */
export default function StaffDiagnostics() {
  const { tests } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  // Controlled from the start; after a refused upload sent without JavaScript the text comes back from the action.
  const [text, setText] = useState(result?.file ?? "");
  const [readError, setReadError] = useState<string | null>(null);
  const busy = navigation.state === "submitting";
  const fileError = result?.fieldErrors?.file;
  useEffect(() => {
    if (result?.message) setText("");
  }, [result]);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setReadError(null);
    if (!file) return;
    try {
      setText(await file.text());
    } catch {
      setReadError("Файл не прочитан: выберите его ещё раз или вставьте содержимое в поле ниже");
    }
  }

  return (
    <>
      <p>
        <Link to="/staff">← Кабинет оператора</Link>
      </p>
      <h1>Диагностика и психометрика</h1>

      <section className="card" aria-labelledby="tests-title">
        <h2 id="tests-title" style={{ marginTop: 0 }}>
          Тесты
        </h2>
        <p className="small muted">Название теста ведёт на его страницу открытой психометрики: надёжность шкал, распределение баллов, качество вопросов.</p>
        {/* A wrapper that may scroll sideways on a phone is focusable, so the keyboard can scroll it. */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Список тестов">
          <table>
            <thead>
              <tr>
                <th scope="col">Тест</th>
                <th scope="col">Версия</th>
                <th scope="col">Раздел</th>
                <th scope="col">Классы</th>
                <th scope="col">Пройден раз</th>
              </tr>
            </thead>
            <tbody>
              {tests.map((t) => (
                <tr key={t.testId}>
                  <td style={{ minWidth: 180 }}>
                    <Link to={`/staff/diagnostics/${t.testId}`}>{t.title}</Link>
                  </td>
                  <td>{t.version}</td>
                  <td>{t.category}</td>
                  <td style={{ whiteSpace: "nowrap" }}>
                    {t.grades[0]}–{t.grades[1]}
                  </td>
                  <td>{t.finished}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="upload-title">
        <h2 id="upload-title" style={{ marginTop: 0 }}>
          Загрузить тест или новую версию
        </h2>
        <p className="small muted">
          Файл теста — JSON по схеме диагностики. Новая версия существующего теста указывает тот же id и version больше текущей; уже начатые попытки остаются на своей версии.
        </p>
        <ActionMessage result={result} />
        {/* Multipart keeps Cyrillic text as it is: URL-encoded it would grow up to six times. */}
        <Form method="post" encType="multipart/form-data" className="stack" aria-label="Загрузка теста">
          <div className="field">
            <label htmlFor="test-file-picker">Файл теста (JSON)</label>
            <input id="test-file-picker" type="file" accept=".json,application/json" onChange={onFile} aria-describedby="test-file-hint" />
            <span id="test-file-hint" className="hint">
              Содержимое выбранного файла появится в поле ниже.
            </span>
            {readError ? <span className="error">{readError}</span> : null}
          </div>
          <div className="field">
            <label htmlFor="field-file">Содержимое файла</label>
            <textarea
              id="field-file"
              name="file"
              rows={10}
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-invalid={fileError ? true : undefined}
              aria-describedby={fileError ? "field-file-error" : "field-file-hint"}
              style={{ fontFamily: "ui-monospace, Menlo, Consolas, monospace", fontSize: "0.85rem" }}
            />
            <span id="field-file-hint" className="hint">
              Можно вставить JSON сюда вручную.
            </span>
            {fileError ? (
              <span id="field-file-error" className="error">
                {fileError}
              </span>
            ) : null}
          </div>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? "Проверяем…" : "Загрузить"}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
