"use client";

import { useState } from "react";
import type { TagCounts } from "@/lib/classroom/class-view-summary.ts";
import { TAGS } from "@/lib/realtime/doc-schema.ts";
import { TAG_INFO } from "@/lib/vocabulary/default-vocabulary.ts";
import type { RosterEntry } from "./session-api.ts";
import styles from "./dashboard.module.css";

type Props = {
  participants: readonly RosterEntry[];
  online: ReadonlySet<string>;
  counts: ReadonlyMap<string, TagCounts>;
  groupCount: number;
  canRemove: boolean;
  onRemove: (participant: RosterEntry) => void;
};

const NO_COUNTS: TagCounts = { propaganda: 0, sourcing: 0, context: 0 };

/** Who joined: online state (from the class room's presence), group, and highlights per tag; removing asks once more. */
export function ParticipantRoster({ participants, online, counts, groupCount, canRemove, onRemove }: Props) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const here = participants.filter((participant) => online.has(participant.participantId)).length;
  return (
    <section className={styles.panel} aria-labelledby="roster-title">
      <h2 id="roster-title" className={styles.panelTitle}>
        Participants <span className={styles.count}>{participants.length} joined · {here} online</span>
      </h2>
      {participants.length === 0 ? (
        <p className={styles.empty}>Nobody has joined yet. Show the projector page so students can join with the code.</p>
      ) : (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Online</th>
                {groupCount > 0 ? <th scope="col">Group</th> : null}
                {TAGS.map((tag) => (
                  <th key={tag} scope="col" data-tag={tag}>
                    <abbr title={TAG_INFO[tag].name}>{TAG_INFO[tag].name.slice(0, 4)}.</abbr>
                  </th>
                ))}
                {canRemove ? (
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {participants.map((participant) => {
                const name = participant.name ?? `Reader ${participant.number}`;
                const tally = counts.get(participant.participantId) ?? NO_COUNTS;
                const isOnline = online.has(participant.participantId);
                return (
                  <tr key={participant.participantId}>
                    <th scope="row">{name}</th>
                    <td>
                      <span className={styles.onlineDot} data-online={isOnline || undefined} aria-hidden="true" />
                      {isOnline ? "Online" : "Away"}
                    </td>
                    {groupCount > 0 ? <td>{participant.group}</td> : null}
                    {TAGS.map((tag) => (
                      <td key={tag}>{tally[tag]}</td>
                    ))}
                    {canRemove ? (
                      <td>
                        {confirming === participant.participantId ? (
                          <span className={styles.confirm}>
                            <button
                              type="button"
                              className="link-button"
                              onClick={() => {
                                setConfirming(null);
                                onRemove(participant);
                              }}
                            >
                              Remove {name}
                            </button>
                            <button type="button" className="link-button" onClick={() => setConfirming(null)}>
                              Cancel
                            </button>
                          </span>
                        ) : (
                          <button type="button" className="link-button" aria-label={`Remove ${name}…`} onClick={() => setConfirming(participant.participantId)}>
                            Remove…
                          </button>
                        )}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
