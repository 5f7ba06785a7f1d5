/** A form-level error or confirmation, announced to screen readers when it appears. */
export function FormMessage({ error, success }: { error?: string | undefined; success?: string | undefined }) {
  if (error) {
    return (
      <p className="form-message form-message-error" role="alert">
        {error}
      </p>
    );
  }
  if (success) {
    return (
      <p className="form-message form-message-success" role="status">
        {success}
      </p>
    );
  }
  return null;
}
