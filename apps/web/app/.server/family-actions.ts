import { data, type AppLoadContext } from "@remix-run/node";
import { attempt } from "./forms";

/** The invitation forms both the student's and the parent's cabinet show. */
export async function familyAction(fields: Record<string, string>, context: AppLoadContext) {
  const id = { invitationId: fields.invitationId ?? "" };
  const run = async () => {
    switch (fields.intent) {
      case "invite": {
        const inv = await context.api.family.invite({ email: fields.email ?? "" });
        return `Приглашение отправлено на адрес ${inv.inviteeEmail}.`;
      }
      case "resend": {
        const inv = await context.api.family.resendInvitation(id);
        return `Приглашение для ${inv.inviteeEmail} отправлено ещё раз. Прежняя ссылка больше не действует.`;
      }
      case "revoke": {
        const inv = await context.api.family.revokeInvitation(id);
        return `Приглашение для ${inv.inviteeEmail} отозвано.`;
      }
      case "acceptIncoming":
        await context.api.family.acceptIncoming(id);
        return "Приглашение принято: кабинеты связаны.";
      default:
        return null;
    }
  };
  const result = await attempt(run);
  if (!result.ok) return data({ scope: "family", ok: false, formError: result.formError, fieldErrors: result.fieldErrors, message: undefined }, { status: result.status });
  return { scope: "family", ok: true, message: result.value ?? undefined, formError: null, fieldErrors: {} };
}
