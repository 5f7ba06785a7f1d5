"use client";

import { useEffect, useRef } from "react";

/**
 * Runs `refresh` when `trigger` changes, at most once per `interval` milliseconds: the first
 * change runs at once, changes during the pause run once when it ends. Nothing runs while the
 * trigger stays the same, so a quiet class costs no requests (no polling on a timer). The first
 * render counts as a change: the page loads once on opening.
 */
export function useThrottledRefresh(trigger: unknown, interval: number, refresh: () => void): void {
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(refresh);
  useEffect(() => {
    latest.current = refresh;
  });

  useEffect(() => {
    if (timer.current) return;
    const wait = last.current + interval - Date.now();
    const run = () => {
      timer.current = null;
      last.current = Date.now();
      latest.current();
    };
    if (wait <= 0) run();
    else timer.current = setTimeout(run, wait);
  }, [trigger, interval]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
}
