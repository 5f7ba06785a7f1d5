import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        <span aria-hidden="true" className="brand-mark">
          ¶
        </span>
        Marginalia
      </Link>
      <nav aria-label="Main">
        <Link href="/demo">Demo article</Link>
      </nav>
    </header>
  );
}
