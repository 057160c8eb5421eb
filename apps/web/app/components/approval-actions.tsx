import { TRPCClientError } from "@trpc/client";
import { useCallback, useEffect, useState } from "react";
import { TrialFacts } from "~/components/enrollments";
import { formatDateTime } from "~/lib/format";
import { approvalDecision } from "~/lib/trials";
import { trpc } from "~/lib/trpc";

type RequestState = Awaited<ReturnType<typeof trpc.trials.approvalRequest.query>>;

const message = (error: unknown, fallback: string) => (error instanceof TRPCClientError ? error.message : fallback);

/**
 * The request that asks a parent to decide on a child's trial, inside its
 * notification: the trial's facts and «Подтвердить» / «Отклонить» while a
 * decision is due, the decision once made. The state comes from the server
 * each time the panel opens, so a request decided anywhere shows the decision.
 */
export function ApprovalActions({ enrollmentId, onDecided }: { enrollmentId: string; onDecided(): void }) {
  const [state, setState] = useState<RequestState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setState(await trpc.trials.approvalRequest.query({ enrollmentId }));
    } catch (e) {
      setError(message(e, "Не удалось загрузить запрос. Обновите страницу."));
    }
  }, [enrollmentId]);

  useEffect(() => {
    void load();
  }, [load]);

  async function decide(approve: boolean) {
    setBusy(true);
    setError(null);
    try {
      await (approve ? trpc.trials.approve : trpc.trials.decline).mutate({ enrollmentId });
      onDecided();
    } catch (e) {
      setError(message(e, "Не удалось сохранить решение. Попробуйте ещё раз."));
    } finally {
      await load();
      setBusy(false);
    }
  }

  const alert = error ? (
    <p className="alert error small" role="alert">
      {error}
    </p>
  ) : null;
  if (!state) return alert ?? <p className="small muted">Загружаем запрос…</p>;
  const decision = approvalDecision(state);
  return (
    <div className="approval-request">
      <p className="small">
        {state.childName}: «{state.trial.title}», {formatDateTime(state.trial.startsAt)}, {state.trial.durationMinutes} мин
      </p>
      <TrialFacts trial={state.trial} />
      {decision ? (
        <p className={`small status ${decision.tone}`} role="status">
          {decision.text}
        </p>
      ) : (
        <div className="actions">
          {state.approvalDueAt ? <p className="small muted">Решение нужно до {formatDateTime(state.approvalDueAt)}</p> : null}
          <button type="button" disabled={busy} onClick={() => decide(true)}>
            Подтвердить участие
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => decide(false)}>
            Отклонить
          </button>
        </div>
      )}
      {alert}
    </div>
  );
}
