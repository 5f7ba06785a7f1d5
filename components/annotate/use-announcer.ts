"use client";

import { useCallback, useState } from "react";

/**
 * Text for a polite ARIA live region. Saying the same sentence twice still gets read, because
 * the message alternates a zero-width no-break space at its end, which changes the text.
 */
export function useAnnouncer(): [string, (message: string) => void] {
  const [message, setMessage] = useState("");
  const announce = useCallback((next: string) => {
    setMessage((previous) => (previous === next ? `${next}\u2060` : next));
  }, []);
  return [message, announce];
}
