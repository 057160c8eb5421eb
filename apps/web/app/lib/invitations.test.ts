import { describe, expect, it } from "vitest";
import { invitationNote } from "./invitations";

const base = { lastSentAt: "2026-11-20T07:00:00.000Z", sentCount: 1, expiresAt: "2026-11-27T07:00:00.000Z", revokedAt: null, acceptedByName: null };

describe("the note under a sent invitation", () => {
  it("gives the term only while the invitation is open", () => {
    expect(invitationNote({ ...base, state: "pending" })).toBe("Отправлено 20 ноября 2026 г., 10:00 (мск); действует до 27 ноября 2026 г., 10:00 (мск)");
  });

  it("says a revoked invitation is revoked, not that it is valid until a date", () => {
    const note = invitationNote({ ...base, state: "revoked", revokedAt: "2026-11-21T09:15:00.000Z" });
    expect(note).toBe("Отправлено 20 ноября 2026 г., 10:00 (мск); отозвано 21 ноября 2026 г., 12:15 (мск)");
    expect(note).not.toContain("действует");
  });

  it("says an expired one expired, and an accepted one who accepted it", () => {
    expect(invitationNote({ ...base, state: "expired" })).toBe("Отправлено 20 ноября 2026 г., 10:00 (мск); срок действия истёк 27 ноября 2026 г., 10:00 (мск)");
    expect(invitationNote({ ...base, state: "accepted", acceptedByName: "Ольга Иванова" })).toBe("Приглашение принято: Ольга Иванова");
  });

  it("says a copied link was made, not sent", () => {
    expect(invitationNote({ ...base, inviteeEmail: null, state: "pending" })).toBe("Ссылка создана 20 ноября 2026 г., 10:00 (мск); действует до 27 ноября 2026 г., 10:00 (мск)");
  });
});
