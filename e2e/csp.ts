import type { BrowserContext } from "@playwright/test";

export type CspViolation = { directive: string; blocked: string; source: string; sample: string; page: string };

declare global {
  interface Window {
    reportCspViolation?: (violation: CspViolation) => Promise<void>;
  }
}

/**
 * Collects every Content-Security-Policy violation in the context's pages, on every navigation:
 * a policy that silently blocks part of the app is worse than none, so flows assert this stays
 * empty. Call it before the context opens its first page (init scripts run from then on).
 */
export async function watchCspViolations(context: BrowserContext): Promise<CspViolation[]> {
  const violations: CspViolation[] = [];
  await context.exposeBinding("reportCspViolation", (_source, violation: CspViolation) => {
    violations.push(violation);
  });
  await context.addInitScript(() => {
    // Capture: violations are fired at the element that caused them and at the document.
    document.addEventListener(
      "securitypolicyviolation",
      (event) => {
        void window.reportCspViolation?.({
          directive: event.effectiveDirective,
          blocked: event.blockedURI,
          source: `${event.sourceFile}:${event.lineNumber}`,
          sample: event.sample,
          page: event.documentURI,
        });
      },
      true,
    );
  });
  return violations;
}
