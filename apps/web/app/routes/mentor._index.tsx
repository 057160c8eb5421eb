import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/.server/session";

export const meta: MetaFunction = () => [{ title: "Кабинет наставника — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "mentor");
  return context.api.cabinet.mentor();
}

export default function MentorHome() {
  const { name } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Кабинет наставника</h1>
      <p className="lead">Здравствуйте, {name}!</p>
      <section className="card">
        <h2>Мои пробы</h2>
        <p>Здесь будут профессиональные пробы, которые вы ведёте: список участников, отметка посещения с телефона и отзывы о каждом участнике.</p>
      </section>
    </>
  );
}
