"use client";

import { useFormStatus } from "react-dom";
import type { ReactNode } from "react";

/** A submit button that shows the form is working and cannot be pressed twice. */
export function SubmitButton({ children, pendingText, className = "button" }: { children: ReactNode; pendingText: string; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending}>
      {pending ? pendingText : children}
    </button>
  );
}
