import { TRPCClientError } from "@trpc/client";
import { useState } from "react";
import { trpc } from "~/lib/trpc";

/**
 * «Подтвердить» / «Отклонить» right inside the notification that asks a
 * parent to decide on a child's trial; the server checks it is their child.
 */
export function ApprovalActions({ enrollmentId, onDecided }: { enrollmentId: string; onDecided(): void }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  async function decide(approve: boolean) {
    setBusy(true);
    try {
      await (approve ? trpc.trials.approve : trpc.trials.decline).mutate({ enrollmentId });
      setOutcome({ ok: true, text: approve ? "Участие подтверждено." : "Участие отклонено, место освобождено." });
      onDecided();
    } catch (error) {
      setOutcome({ ok: false, text: error instanceof TRPCClientError ? error.message : "Не удалось сохранить решение. Попробуйте ещё раз." });
    } finally {
      setBusy(false);
    }
  }

  if (outcome?.ok) return <p className="small status ok">{outcome.text}</p>;
  return (
    <div className="actions">
      <button type="button" disabled={busy} onClick={() => decide(true)}>
        Подтвердить участие
      </button>
      <button type="button" className="secondary" disabled={busy} onClick={() => decide(false)}>
        Отклонить
      </button>
      {outcome ? (
        <p className="alert error small" role="alert">
          {outcome.text}
        </p>
      ) : null}
    </div>
  );
}
