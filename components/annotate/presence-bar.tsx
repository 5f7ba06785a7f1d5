"use client";

import { initials } from "@/lib/annotate/presence-colors.ts";
import type { ConnectionState } from "./use-annotation-room.ts";
import type { Peer } from "./use-presence.ts";

const CONNECTION_TEXT: Record<ConnectionState["kind"], string> = {
  connecting: "Connecting…",
  live: "Live",
  offline: "Offline: your changes are kept on this device",
  stopped: "Disconnected",
};

/** Who is here, whether changes are flowing, and undo/redo. */
export function PresenceBar(props: {
  people: readonly Peer[];
  connection: ConnectionState;
  canUndo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  readOnlyNote: string | null;
}) {
  const { people, connection } = props;
  return (
    <div className="presence-bar">
      <div className="presence-people">
        <h2 className="visually-hidden">Who is here</h2>
        {people.length ? (
          <ul className="avatars" aria-label="Also reading">
            {people.map((peer) => (
              <li key={peer.user.id} className="avatar" style={{ backgroundColor: peer.user.color }} title={peer.user.name}>
                <span aria-hidden="true">{initials(peer.user.name)}</span>
                <span className="visually-hidden">{peer.user.name}</span>
              </li>
            ))}
          </ul>
        ) : (
          <span className="presence-alone">Only you are here</span>
        )}
      </div>
      {props.readOnlyNote ? <span className="read-only-note">{props.readOnlyNote}</span> : null}
      {props.canUndo ? (
        <div className="undo-buttons" role="group" aria-label="Undo and redo">
          <button type="button" className="icon-button" onClick={props.onUndo} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">
            <span aria-hidden="true">↶</span>
            <span className="visually-hidden">Undo</span>
          </button>
          <button type="button" className="icon-button" onClick={props.onRedo} aria-keyshortcuts="Control+Shift+Z" title="Redo (Ctrl+Shift+Z)">
            <span aria-hidden="true">↷</span>
            <span className="visually-hidden">Redo</span>
          </button>
        </div>
      ) : null}
      <p className="connection" data-state={connection.kind} role="status">
        <span className="connection-dot" aria-hidden="true" />
        {connection.kind === "stopped" ? connection.message : CONNECTION_TEXT[connection.kind]}
      </p>
    </div>
  );
}
