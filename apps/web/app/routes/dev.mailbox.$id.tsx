import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SiteHeader } from "~/components/site-header";
import { formatDateTime } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Письмо — Билет в будущее" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  if (!context.devMailbox) throw data("Страница не найдена", { status: 404 });
  const email = await context.devMailbox.byId(params.id ?? "");
  if (!email) throw data("Письмо не найдено", { status: 404 });
  return { to: email.to, subject: email.subject, text: email.text, createdAt: email.createdAt.toISOString() };
}

/** The text body with its links as real anchors, so a person (or a test) can follow them. */
function linkify(text: string) {
  return text.split(/(https?:\/\/[^\s]+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

export default function DevMailboxEmail() {
  const email = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader />
      <main>
        <p>
          <Link to="/dev/mailbox">← Все письма</Link>
        </p>
        <h1>{email.subject}</h1>
        <p className="muted">
          Кому: {email.to} · {formatDateTime(email.createdAt)}
        </p>
        <article className="card mail-body">{linkify(email.text)}</article>
      </main>
    </>
  );
}
