"use client";

import { useSyncExternalStore } from "react";
import { z } from "zod";

/*
 * What client code needs to live under the page's Content-Security-Policy
 * (lib/http/security-headers.ts).
 *
 * zod 4 probes whether it may compile parsers with `Function("")`. The policy forbids eval, so
 * the probe fails and zod parses without it, but the browser still reports a violation on
 * every page that parses; saying so up front skips the probe.
 */
z.config({ jitless: true });

/** Rendered once by the root layout, so the configuration above runs on every page. */
export function ContentSecurity() {
  return null;
}

const never = () => () => {};

/**
 * The nonce a `<style>` element this page adds must carry: the document's own, read from a
 * script Next.js rendered with it (the property; browsers hide the attribute). Not a value
 * from the server: after `router.refresh()` that would be a later response's nonce, while the
 * document still enforces the policy it was loaded with. Undefined while rendering on the server.
 */
export function useDocumentNonce(): string | undefined {
  return useSyncExternalStore(
    never,
    () => document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce || undefined,
    () => undefined,
  );
}
