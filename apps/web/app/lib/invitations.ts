import type { InvitationDto } from "@bilet/core";
import { formatDateTime } from "./format";

/** The line under a sent invitation: what state it is in, in words that fit that state. */
export function invitationNote(inv: Pick<InvitationDto, "state" | "lastSentAt" | "sentCount" | "expiresAt" | "revokedAt" | "acceptedByName"> & { inviteeEmail?: string | null }): string {
  // A copied link was not sent anywhere: it was made.
  const made = inv.inviteeEmail === null ? "Ссылка создана" : "Отправлено";
  const sent = `${made} ${formatDateTime(inv.lastSentAt)}${inv.sentCount > 1 ? ` (раз: ${inv.sentCount})` : ""}`;
  switch (inv.state) {
    case "accepted":
      return inv.acceptedByName ? `Приглашение принято: ${inv.acceptedByName}` : "Приглашение принято";
    case "revoked":
      return inv.revokedAt ? `${sent}; отозвано ${formatDateTime(inv.revokedAt)}` : `${sent}; отозвано`;
    case "expired":
      return `${sent}; срок действия истёк ${formatDateTime(inv.expiresAt)}`;
    case "pending":
      return `${sent}; действует до ${formatDateTime(inv.expiresAt)}`;
  }
}
