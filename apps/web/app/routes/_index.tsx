import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SiteHeader } from "~/components/site-header";

export async function loader({ context }: LoaderFunctionArgs) {
  const me = await context.api.auth.me();
  return { cabinetPath: me?.cabinetPath ?? null };
}

export default function Landing() {
  const { cabinetPath } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Билет в будущее</h1>
        <p className="lead">
          Проект ранней профессиональной ориентации школьников 6–11 классов. Понять себя, свои сильные стороны и интересы, попробовать
          профессии на практике и выбрать свою траекторию развития.
        </p>
        <div className="actions">
          {cabinetPath ? (
            <Link className="button" to={cabinetPath}>
              Перейти в личный кабинет
            </Link>
          ) : (
            <>
              <Link className="button" to="/register/student">
                Регистрация участника
              </Link>
              <Link className="button secondary" to="/register/parent">
                Регистрация родителя
              </Link>
              <Link className="button secondary" to="/login">
                Войти
              </Link>
            </>
          )}
        </div>
        <div className="grid">
          <section className="card">
            <h2>Онлайн-диагностика</h2>
            <p>Тесты и интерактивные игры помогают определить профессиональные интересы и склонности, оценить осведомлённость о мире профессий, выявить сильные стороны и зоны развития. Результаты появляются сразу.</p>
          </section>
          <section className="card">
            <h2>Практические мероприятия</h2>
            <p>Профессиональные пробы под руководством наставника: выточить деталь на станке, напечатать макет на 3D-принтере, написать код, приготовить десерт. Родители получают уведомления и согласовывают участие.</p>
          </section>
          <section className="card">
            <h2>Рекомендации</h2>
            <p>Итог участия — рекомендации по построению индивидуального учебного плана: какие предметы углубить, какие курсы и пробы выбрать дальше.</p>
          </section>
        </div>
        <section className="card">
          <h2>Как зарегистрироваться</h2>
          <p>Регистрация возможна по двум сценариям: сначала участник, затем родитель — или наоборот. Кабинеты связываются приглашением по электронной почте. После связки родитель даёт согласие на обработку персональных данных ребёнка, и ребёнок допускается к практическим мероприятиям.</p>
        </section>
      </main>
    </>
  );
}
