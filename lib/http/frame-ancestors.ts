const ORIGIN = /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;

/**
 * Why one entry of FRAME_ANCESTORS cannot go into `frame-ancestors`; null when it can. Only
 * origins (scheme, host, optional port; `https://*.example.edu` for every subdomain): a bare
 * `*` or a scheme alone would let any site frame the app (clickjacking), and anything else
 * (`'self'`, paths, a `;`) is either pointless or would change the policy's meaning.
 */
export function frameAncestorProblem(entry: string): string | null {
  if (ORIGIN.test(entry)) return null;
  return `"${entry}" is not an origin allowed to frame Marginalia: write it as https://lms.example.edu (scheme and host, an optional port, no path)`;
}
