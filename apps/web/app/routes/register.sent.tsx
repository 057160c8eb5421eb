import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SiteHeader } from "~/components/site-header";

export const meta: MetaFunction = () => [{ title: "Проверьте почту — Билет в будущее" }];

export function loader({ request }: LoaderFunctionArgs) {
  return { email: new URL(request.url).searchParams.get("email") ?? "" };
}

export default function RegistrationSent() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Проверьте почту</h1>
        <div className="alert success" role="status">
          Мы отправили письмо на адрес <strong>{email}</strong>. Откройте ссылку из письма, чтобы подтвердить учётную запись и перейти в личный кабинет.
        </div>
        <p className="muted">Письмо может прийти через несколько минут. Загляните в папку «Спам».</p>
        <p>
          Письмо не пришло? <Link to={`/activation/resend?email=${encodeURIComponent(email)}`}>Отправить письмо ещё раз</Link>
        </p>
      </main>
    </>
  );
}
