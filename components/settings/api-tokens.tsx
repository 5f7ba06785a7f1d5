"use client";

import { useActionState } from "react";
import { createApiTokenAction, revokeApiTokenAction } from "@/app/settings/actions.ts";
import { Field } from "@/components/ui/field.tsx";
import { SubmitButton } from "@/components/ui/submit-button.tsx";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import { formatDate, formatDateTime } from "@/lib/format-date.ts";

type Token = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null };

export function ApiTokens({ tokens }: { tokens: Token[] }) {
  const [state, action] = useActionState(createApiTokenAction, null);
  return (
    <section className="stack-form" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p>
        Scripts use a personal token to reach the REST API with your permissions: send it as <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      {state?.ok ? (
        <div className="secret-box" role="status">
          <p>
            Token “{state.data.name}” created. Copy it now: it is shown only once.
          </p>
          <p className="secret-value">
            <code data-testid="new-token">{state.data.token}</code> <CopyButton text={state.data.token} label="Copy token" />
          </p>
        </div>
      ) : null}
      <form action={action} className="inline-form">
        <Field label="Token name" name="name" required maxLength={80} placeholder="e.g. newsroom import script" error={state && !state.ok ? state.error : undefined} />
        <SubmitButton pendingText="Creating…">Create token</SubmitButton>
      </form>
      {tokens.length === 0 ? (
        <p className="empty">No tokens yet.</p>
      ) : (
        <ul className="token-list">
          {tokens.map((token) => (
            <li key={token.id}>
              <span>
                <strong>{token.name}</strong> <code>{token.prefix}…</code>
                <span className="cell-sub">
                  Created {formatDate(token.createdAt)} · {token.lastUsedAt ? `last used ${formatDateTime(token.lastUsedAt)}` : "never used"}
                </span>
              </span>
              <form action={revokeApiTokenAction}>
                <input type="hidden" name="tokenId" value={token.id} />
                <SubmitButton pendingText="Revoking…" className="button button-secondary">
                  Revoke <span className="visually-hidden">{token.name}</span>
                </SubmitButton>
              </form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
