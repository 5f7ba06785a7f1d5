"use client";

import { useEffect, useRef, useState } from "react";
import { shorten } from "@/lib/annotate/shorten.ts";
import type { FeedItem } from "@/lib/classroom/class-view-summary.ts";
import { labelName, TAG_INFO, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import styles from "./dashboard.module.css";

type Props = {
  items: readonly FeedItem[];
  vocabulary: Vocabulary;
  canDelete: boolean;
  onDeleteComment: (commentId: string) => void;
};

/** How often at most the feed speaks: a class tags dozens of passages a minute, a screen reader must not read each. */
const ANNOUNCE_EVERY = 15_000;

/**
 * The newest highlights and comments, newest first. A polite live region sums up what arrived
 * ("4 new highlights, 1 comment") at most every 15 seconds, rather than reading every item.
 */
export function HighlightFeed({ items, vocabulary, canDelete, onDeleteComment }: Props) {
  const [announcement, setAnnouncement] = useState("");
  const seen = useRef<Set<string> | null>(null);
  const pending = useRef({ highlights: 0, comments: 0 });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (seen.current === null) {
      // What was there when the page opened is not news.
      seen.current = new Set(items.map((item) => item.id));
      return;
    }
    for (const item of items) {
      if (seen.current.has(item.id)) continue;
      seen.current.add(item.id);
      if (item.kind === "highlight") pending.current.highlights += 1;
      else pending.current.comments += 1;
    }
    if (timer.current || pending.current.highlights + pending.current.comments === 0) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      const { highlights, comments } = pending.current;
      pending.current = { highlights: 0, comments: 0 };
      const parts = [highlights > 0 ? `${highlights} new ${highlights === 1 ? "highlight" : "highlights"}` : null, comments > 0 ? `${comments} new ${comments === 1 ? "comment" : "comments"}` : null];
      setAnnouncement(parts.filter(Boolean).join(", "));
    }, ANNOUNCE_EVERY);
  }, [items]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return (
    <section className={styles.panel} aria-labelledby="feed-title">
      <h2 id="feed-title" className={styles.panelTitle}>
        Newest highlights
      </h2>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {items.length === 0 ? (
        <p className={styles.empty}>Highlights appear here as students make them.</p>
      ) : (
        <ol className={styles.feed}>
          {items.map((item) => (
            <li key={item.id} data-tag={item.kind === "highlight" ? item.tag : undefined}>
              <span className={styles.feedWho}>{item.authorName}</span>{" "}
              {item.kind === "highlight" ? (
                <>
                  tagged <strong>{TAG_INFO[item.tag].name}</strong>
                  {item.technique ? ` · ${labelName(vocabulary, item.tag, item.technique)}` : ""}: <q>{shorten(item.quote, 70)}</q>
                </>
              ) : (
                <>
                  commented{item.quote ? (
                    <>
                      {" "}
                      on <q>{shorten(item.quote, 40)}</q>
                    </>
                  ) : null}
                  : {shorten(item.body, 120)}
                  {canDelete ? (
                    <>
                      {" "}
                      <button type="button" className="link-button" onClick={() => onDeleteComment(item.id)} aria-label={`Delete ${item.authorName}’s comment`}>
                        Delete
                      </button>
                    </>
                  ) : null}
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
