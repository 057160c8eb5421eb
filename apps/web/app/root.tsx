import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import stylesheet from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
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
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <>
      <header className="site-header">
        <Link to="/" className="brand">
          Билет <span>в будущее</span>
        </Link>
      </header>
      <main>
        <h1>{notFound ? "Страница не найдена" : "Что-то пошло не так"}</h1>
        <p className="lead">
          {notFound ? "Такой страницы нет. Проверьте адрес или вернитесь на главную." : "Попробуйте обновить страницу чуть позже."}
        </p>
        <p>
          <Link to="/">На главную</Link>
        </p>
      </main>
    </>
  );
}
