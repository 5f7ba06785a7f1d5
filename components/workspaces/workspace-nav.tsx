"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** `settingsLabel`: "Settings" for owners; the others only read the tag vocabulary there. */
export function WorkspaceNav({ workspaceId, settingsLabel }: { workspaceId: string; settingsLabel: string }) {
  const pathname = usePathname();
  const base = `/workspaces/${workspaceId}`;
  const tabs = [
    { href: base, label: "Articles" },
    { href: `${base}/members`, label: "Members" },
    { href: `${base}/mentions`, label: "Mentions" },
    { href: `${base}/settings`, label: settingsLabel },
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
