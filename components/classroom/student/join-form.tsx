"use client";

import { useActionState } from "react";
import { joinAction, type JoinFormState } from "@/app/join/actions.ts";
import { Field } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";

/**
 * The join form: the code and a display name, nothing else. A plain form posting to a server
 * action, so it works before the page's scripts have loaded on a slow school network; errors
 * come back next to the field they concern, with what was typed kept.
 */
export function JoinForm({ initialCode }: { initialCode: string }) {
  const initial: JoinFormState = { error: null, field: null, values: { code: initialCode, name: "" } };
  const [state, formAction, pending] = useActionState(joinAction, initial);
  const fieldError = (field: "code" | "name") => (state.error && state.field === field ? state.error : undefined);
  return (
    <form className="stack-form join-form" action={formAction} noValidate>
      <FormMessage error={state.error && !state.field ? state.error : undefined} />
      <Field
        className="join-code"
        label="Code"
        name="code"
        defaultValue={state.values.code}
        key={`code-${state.values.code}`}
        inputMode="text"
        autoCapitalize="characters"
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        enterKeyHint="next"
        required
        maxLength={12}
        hint="The 6 characters your teacher shows."
        error={fieldError("code")}
        autoFocus={!initialCode}
      />
      <Field
        label="Your name"
        name="name"
        defaultValue={state.values.name}
        key={`name-${state.values.name}`}
        autoComplete="nickname"
        enterKeyHint="go"
        required
        maxLength={40}
        hint="Your teacher sees it. No account or email needed."
        error={fieldError("name")}
        autoFocus={!!initialCode}
      />
      <button type="submit" className="button join-submit" disabled={pending}>
        {pending ? "Joining…" : "Join"}
      </button>
    </form>
  );
}
