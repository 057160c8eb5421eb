import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pager } from "~/components/pager";
import { SiteHeader } from "~/components/site-header";
import { formatDateTime } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Почтовый ящик разработчика — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.devMailbox) throw data("Страница не найдена", { status: 404 });
  const params = new URL(request.url).searchParams;
  const to = params.get("to") ?? "";
  const page = await context.devMailbox.list(to, params.get("after"));
  return { to, next: page.nextCursor, emails: page.items.map((e) => ({ id: e.id, to: e.to, subject: e.subject, createdAt: e.createdAt.toISOString() })) };
}

export default function DevMailbox() {
  const { to, emails, next } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Почтовый ящик разработчика</h1>
        <p className="muted">SMTP не настроен (SMTP_URL), поэтому письма не уходят, а показываются здесь.</p>
        <Form method="get" className="actions">
          <div className="field">
            <label htmlFor="mailbox-to">Адрес получателя</label>
            <input id="mailbox-to" name="to" type="search" defaultValue={to} />
          </div>
          <button type="submit" className="secondary">
            Показать
          </button>
        </Form>
        {emails.length === 0 ? <p>Писем нет.</p> : null}
        <ul className="plain" aria-label="Письма">
          {emails.map((e) => (
            <li key={e.id}>
              <Link to={`/dev/mailbox/${e.id}`}>{e.subject}</Link>
              <div className="small muted">
                {e.to} · {formatDateTime(e.createdAt)}
              </div>
            </li>
          ))}
        </ul>
        <Pager next={next} label="Страницы почтового ящика" />
      </main>
    </>
  );
}
