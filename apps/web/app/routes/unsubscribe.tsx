import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { FormAlert } from "~/components/form";
import { SiteHeader } from "~/components/site-header";

export const meta: MetaFunction = () => [{ title: "Отписка от писем — Билет в будущее" }, { name: "robots", content: "noindex" }];

const tokenOf = (source: { get(name: string): string | null }) => ({ u: source.get("u") ?? "", k: source.get("k") ?? "", s: source.get("s") ?? "" });

/**
 * The unsubscribe link of an informational letter, without signing in. The
 * page only says what the link would switch off: mail scanners open links,
 * so the change needs the click below (a POST), as with other links in
 * letters (docs/decisions/0004).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = tokenOf(new URL(request.url).searchParams);
  const preview = await attempt(() => context.api.notificationSettings.unsubscribePreview(token));
  if (!preview.ok) return { token, preview: null, error: preview.formError, signedIn: Boolean(context.user) };
  return { token, preview: preview.value, error: null, signedIn: Boolean(context.user) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = await formFields(request);
  const done = await attempt(() => context.api.notificationSettings.unsubscribe({ u: fields.u ?? "", k: fields.k ?? "", s: fields.s ?? "" }));
  if (!done.ok) return data({ label: null, formError: done.formError }, { status: done.status });
  return { label: done.value.label, formError: null };
}

export default function Unsubscribe() {
  const { token, preview, error, signedIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const settings = signedIn ? (
    <Link to="/settings/notifications">Настройка уведомлений</Link>
  ) : (
    <Link to={`/login?redirectTo=${encodeURIComponent("/settings/notifications")}`}>Войти и выбрать уведомления</Link>
  );
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Отписка от писем</h1>
        {result?.label ? (
          <>
            <div className="alert success" role="status">
              Письма «{result.label}» больше не приходят. Эти уведомления по-прежнему видны в личном кабинете.
            </div>
            <p>Вернуть письма можно в настройках уведомлений: {settings}</p>
          </>
        ) : preview ? (
          <>
            <FormAlert message={result?.formError} />
            {preview.emailOn ? (
              <Form method="post" className="stack">
                <p>
                  Письма «{preview.label}» перестанут приходить на почту. Уведомления останутся в личном кабинете, остальные письма — как были.
                </p>
                <input type="hidden" name="u" value={token.u} />
                <input type="hidden" name="k" value={token.k} />
                <input type="hidden" name="s" value={token.s} />
                <div className="actions">
                  <button type="submit" disabled={busy}>
                    Больше не присылать эти письма
                  </button>
                </div>
              </Form>
            ) : (
              <div className="alert info">Письма «{preview.label}» уже не приходят.</div>
            )}
            <p className="small muted">Все способы уведомлений — в настройках: {settings}</p>
          </>
        ) : (
          <>
            <FormAlert message={error} />
            <p>Выбрать, какие письма приходят, можно в настройках уведомлений: {settings}</p>
          </>
        )}
      </main>
    </>
  );
}
