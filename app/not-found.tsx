import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <section className="notice-page" aria-labelledby="not-found-title">
      <p className="notice-code">404</p>
      <h1 id="not-found-title">We can’t find that page</h1>
      <p>The article may have been removed, the link may be mistyped, or it may belong to a workspace you are not part of.</p>
      <p className="notice-actions">
        <Link className="button" href="/demo">
          Read the demo article
        </Link>
        <Link href="/">Go to the home page</Link>
      </p>
    </section>
  );
}
