"use client";

import { useCallback, useMemo, useState, useSyncExternalStore } from "react";
import type { RoomSnapshot } from "@/lib/annotate/room-store.ts";
import { codePointLength } from "@/lib/annotations/code-points.ts";
import { summarizeClassView } from "@/lib/classroom/class-view-summary.ts";
import { classCoverage, stretchAgreement } from "@/lib/classroom/coverage.ts";
import type { HeatmapStretch } from "@/lib/classroom/heatmap-view.ts";
import type { TeacherSessionState } from "@/lib/classroom/load-teacher-session.ts";
import type { Block } from "@/lib/documents/schema.ts";
import type { Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import { ClassHeatmap } from "../heatmap/class-heatmap.tsx";
import { ClassScores } from "./class-scores.tsx";
import { HighlightFeed } from "./highlight-feed.tsx";
import { ParticipantRoster } from "./participant-roster.tsx";
import * as api from "./session-api.ts";
import { SessionControls } from "./session-controls.tsx";
import { useFollowMe } from "./use-follow-me.ts";
import { useOnlineParticipants } from "./use-online-participants.ts";
import { useSessionRoom } from "./use-session-room.ts";
import { useThrottledRefresh } from "./use-throttled-refresh.ts";
import styles from "./dashboard.module.css";

type Props = {
  session: TeacherSessionState;
  title: string;
  blocks: Block[];
  text: string;
  language: string;
  vocabulary: Vocabulary;
  /** Room names of the class view and the key (lib/classroom/session-rooms.ts). */
  rooms: { class: string; key: string };
};

const EMPTY: RoomSnapshot = { annotations: [], comments: [], threads: new Map() };
const noSubscription = () => () => {};

/** Scores are recomputed on the server: at most this often while highlights keep arriving. */
const SCORES_INTERVAL = 3_000;

/** The roster is read again when presence changes (someone joined or left), at most this often. */
const ROSTER_INTERVAL = 1_500;

function stateLabel(mode: "BLIND" | "OPEN", state: api.SessionState): string {
  if (state.ended) return "Ended";
  const parts = [mode === "BLIND" ? (state.revealed ? "Blind, revealed" : "Blind: students see only their own") : state.revealed ? "Open, key revealed" : "Open: students see each other"];
  if (state.locked) parts.push("locked");
  return parts.join(" · ");
}

/**
 * The teacher's live dashboard. It reads the class view room (every student's highlights and
 * the key, written by the server) read-only over Yjs, the roster and state from
 * GET /api/v1/sessions/:id, and the scores from the results endpoint, refreshed when the class
 * view changes (throttled). Everything derived (counts, feed, heatmap) is computed here from the
 * room, so the dashboard is as live as the room.
 */
export function ClassDashboard({ session, title, blocks, text, language, vocabulary, rooms }: Props) {
  const { room, connection } = useSessionRoom(session.id, rooms.class, "class");
  const snapshot = useSyncExternalStore(room?.store.subscribe ?? noSubscription, room?.store.getSnapshot ?? (() => EMPTY), () => EMPTY);
  const online = useOnlineParticipants(room?.provider ?? null);

  const [state, setState] = useState<api.SessionState>({ locked: session.locked, revealed: session.revealed, ended: session.ended });
  const [roster, setRoster] = useState<api.RosterEntry[]>([]);
  const [results, setResults] = useState<api.SessionResults | null>(null);
  const [scoresProblem, setScoresProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [followMe, setFollowMe] = useState(false);
  const [textElement, setTextElement] = useState<HTMLDivElement | null>(null);
  useFollowMe({ on: followMe && !state.ended, keyRoom: rooms.key, text: textElement });

  const loadRoster = useCallback(async () => {
    const answer = await api.fetchRoster(session.id);
    if (answer.ok) {
      setRoster(answer.value.participants);
      setState(answer.value.state);
    } else {
      setMessage({ text: `The list of participants could not be read: ${answer.message}`, error: true });
    }
  }, [session.id]);

  const loadResults = useCallback(async () => {
    const answer = await api.fetchResults(session.id);
    if (answer.ok) {
      setResults(answer.value);
      setScoresProblem(null);
    } else {
      setScoresProblem(`Scores could not be updated: ${answer.message}`);
    }
  }, [session.id]);

  useThrottledRefresh(online, ROSTER_INTERVAL, () => void loadRoster());
  useThrottledRefresh(snapshot, SCORES_INTERVAL, () => void loadResults());

  const summary = useMemo(() => summarizeClassView(snapshot.annotations, snapshot.comments), [snapshot]);
  const textLength = useMemo(() => codePointLength(text), [text]);
  const stretches = useMemo<HeatmapStretch[]>(
    () => classCoverage(textLength, summary.entries).map((stretch) => ({ ...stretch, agreement: stretchAgreement(stretch) })),
    [textLength, summary.entries],
  );
  const names = useMemo(() => {
    const byId: Record<string, string> = {};
    for (const record of snapshot.annotations) byId[record.authorId] = record.authorName;
    for (const participant of roster) byId[participant.participantId] = participant.name ?? `Reader ${participant.number}`;
    return byId;
  }, [snapshot.annotations, roster]);
  // Students who highlighted but are not (yet) in the roster we read still count for the shading.
  const classSize = Math.max(roster.length, summary.counts.size, 1);

  const run = async (work: () => Promise<api.Answer<void>>, done: string) => {
    setBusy(true);
    const answer = await work();
    setBusy(false);
    setMessage(answer.ok ? { text: done, error: false } : { text: answer.message, error: true });
    if (answer.ok) await loadRoster();
  };

  const onCommand = (command: api.SessionCommand, body?: object) => {
    const done: Record<api.SessionCommand, string> = {
      lock: "Locked: students can read but not tag.",
      unlock: "Unlocked: students can tag again.",
      reveal: "Revealed: students now see the class’s highlights and the key.",
      end: "The session has ended.",
    };
    if (command === "end") setFollowMe(false);
    void run(() => api.sendCommand(session.id, command, body), done[command]);
  };

  return (
    <div className={styles.dashboard}>
      <header className={styles.header}>
        <div>
          <p className={styles.eyebrow}>Class session</p>
          <h1 className={styles.title}>{title}</h1>
        </div>
        <dl className={styles.facts}>
          <div>
            <dt>Join code</dt>
            <dd className={styles.code}>{session.code}</dd>
          </div>
          <div>
            <dt>State</dt>
            <dd data-testid="session-state">{stateLabel(session.mode, state)}</dd>
          </div>
          <div>
            <dt>Connection</dt>
            <dd className={styles.connection} data-state={connection.kind}>
              {connection.kind === "live" ? "Live" : connection.kind === "connecting" ? "Connecting…" : connection.message}
            </dd>
          </div>
        </dl>
      </header>
      <SessionControls
        sessionId={session.id}
        mode={session.mode}
        state={state}
        busy={busy}
        followMe={followMe}
        onFollowMe={setFollowMe}
        onCommand={onCommand}
      />
      <p className={message?.error ? styles.problem : styles.status} role={message?.error ? "alert" : "status"}>
        {message?.text ?? ""}
      </p>
      <div className={styles.grid}>
        <div className={styles.main}>
          <ClassHeatmap
            blocks={blocks}
            text={text}
            language={language}
            stretches={stretches}
            keySpans={summary.key}
            vocabulary={vocabulary}
            names={names}
            classSize={classSize}
            textRef={setTextElement}
          />
        </div>
        <div className={styles.side}>
          <ParticipantRoster
            participants={roster}
            online={online}
            counts={summary.counts}
            groupCount={session.groupCount}
            canRemove={!state.ended}
            onRemove={(participant) =>
              void run(() => api.removeParticipant(session.id, participant.participantId), `${participant.name ?? `Reader ${participant.number}`} was removed.`)
            }
          />
          <HighlightFeed
            items={summary.feed}
            vocabulary={vocabulary}
            canDelete={!state.ended}
            onDeleteComment={(commentId) => void run(() => api.deleteComment(session.id, commentId), "The comment was deleted.")}
          />
        </div>
      </div>
      <ClassScores results={results} problem={scoresProblem} vocabulary={vocabulary} keyEmpty={summary.key.length === 0} />
    </div>
  );
}
