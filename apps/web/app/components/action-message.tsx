/** The outcome of a form's action: a success line (role=status) or a Russian error (role=alert). */
export function ActionMessage({ result }: { result?: { message?: string | null; formError?: string | null } | null }) {
  if (result?.formError) {
    return (
      <div className="alert error" role="alert">
        {result.formError}
      </div>
    );
  }
  if (result?.message) {
    return (
      <div className="alert success" role="status">
        {result.message}
      </div>
    );
  }
  return null;
}
