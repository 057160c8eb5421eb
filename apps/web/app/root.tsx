import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { HelpBot } from "~/components/help-bot";
import stylesheet from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  // Installable on a phone's home screen (name, icons); the service worker for push is registered from the notification settings.
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icons/icon-192.png" },
];

export const meta: MetaFunction = () => [
  { title: "Билет в будущее — ранняя профориентация школьников" },
  { name: "description", content: "Онлайн-диагностика, профессиональные пробы и рекомендации для школьников 6–11 классов и их родителей." },
];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="ru">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        {/* After the page, so it is on every page and in every cabinet; it renders only its button on the server. */}
        <HelpBot />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** What a person is told for each kind of refused page; anything else is «Что-то пошло не так». */
const ERROR_PAGES: Record<number, { title: string; text: string }> = {
  400: { title: "Запрос не выполнен", text: "Проверьте адрес страницы или вернитесь назад и попробуйте ещё раз." },
  403: { title: "Нет доступа к этой странице", text: "Эта страница относится к другой семье или к другой роли. Вернитесь в свой кабинет." },
  404: { title: "Страница не найдена", text: "Такой страницы нет. Проверьте адрес или вернитесь на главную." },
  413: { title: "Слишком большой запрос", text: "Сократите текст и отправьте форму ещё раз." },
  503: { title: "Сервис временно недоступен", text: "Сервис временно недоступен, попробуйте через минуту." },
};

export function ErrorBoundary() {
  const error = useRouteError();
  const page = (isRouteErrorResponse(error) && ERROR_PAGES[error.status]) || { title: "Что-то пошло не так", text: "Попробуйте обновить страницу чуть позже." };
  return (
    <>
      <header className="site-header">
        <Link to="/" className="brand">
          Билет <span>в будущее</span>
        </Link>
      </header>
      <main>
        <h1>{page.title}</h1>
        <p className="lead">{page.text}</p>
        <p>
          <Link to="/">На главную</Link>
        </p>
      </main>
    </>
  );
}
