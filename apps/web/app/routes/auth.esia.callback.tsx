import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { attempt } from "~/.server/forms";
import { esiaSignupCookie } from "~/.server/esia-cookie";
import { SiteHeader } from "~/components/site-header";

export const meta: MetaFunction = () => [{ title: "Вход через Госуслуги — Билет в будущее" }];

/** ESIA sends the browser back here with a code; the outcome decides where it goes next. */
export async function loader({ context }: LoaderFunctionArgs) {
  const result = await attempt(() => context.api.esia.callback({ url: context.publicUrl }));
  if (!result.ok) return { problem: result.formError };
  const outcome = result.value;
  if (outcome.kind === "needsProfile") {
    throw redirect("/auth/esia/complete", { headers: { "Set-Cookie": await esiaSignupCookie.serialize(outcome.completionToken) } });
  }
  throw redirect(outcome.redirectTo);
}

export default function EsiaCallback() {
  const { problem } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Вход через Госуслуги</h1>
        <div className="alert error" role="alert">
          {problem}
        </div>
        <p>
          <Link to="/login">Вернуться ко входу</Link>
        </p>
      </main>
    </>
  );
}
