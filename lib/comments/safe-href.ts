const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/**
 * The href to use for `raw`, or null when it is not an http, https or mailto URL. Comment bodies
 * are written by anyone in a workspace, so every other scheme (javascript:, data:, relative
 * paths that a browser would resolve against our origin) stays text.
 */
export function safeHref(raw: string): string | null {
  if (!/^(?:https?:\/\/|mailto:)./i.test(raw)) return null;
  // Whitespace or control characters inside a URL are how scheme filters get fooled ("java\tscript:").
  if (/[\s\u0000-\u001f\u007f]/u.test(raw)) return null;
  try {
    const url = new URL(raw);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
