"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export function WorkspaceNav({ workspaceId, showSettings }: { workspaceId: string; showSettings: boolean }) {
  const pathname = usePathname();
  const base = `/workspaces/${workspaceId}`;
  const tabs = [
    { href: base, label: "Articles" },
    { href: `${base}/members`, label: "Members" },
    ...(showSettings ? [{ href: `${base}/settings`, label: "Settings" }] : []),
  ];
  return (
    <nav className="tabs" aria-label="Workspace">
      {tabs.map((tab) => {
        const current = tab.href === base ? pathname === base || pathname === `${base}/import` : pathname.startsWith(tab.href);
        return (
          <Link key={tab.href} href={tab.href} aria-current={current ? "page" : undefined}>
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
