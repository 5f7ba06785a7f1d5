import { describe, expect, it } from "vitest";
import { derivedUuid } from "@/lib/annotations/derived-uuid.ts";
import type { AnnotationRecord, CommentRecord } from "@/lib/realtime/doc-schema.ts";
import { sessionViewRecords, type ViewSource } from "./session-view.ts";

const annotation = (id: string, authorId: string): AnnotationRecord => ({
  id,
  start: 0,
  end: 4,
  exact: "Rain",
  prefix: "",
  suffix: " fell",
  tag: "propaganda",
  technique: "loaded-language",
  authorId,
  authorName: "Ada",
  createdAt: 1,
  updatedAt: 1,
  resolved: false,
  resolvedBy: null,
  resolvedAt: null,
});
const comment = (id: string, annotationId: string, parentId: string | null, authorId: string): CommentRecord => ({
  id,
  annotationId,
  parentId,
  authorId,
  authorName: "Ada",
  body: "Why?",
  createdAt: 2,
  updatedAt: 2,
  deleted: false,
});

const ada = "11111111-1111-4111-8111-111111111111";
const room = `doc:session:s:participant:${ada}`;
const keyRoom = "doc:session:s:participant:key";
const a1 = "22222222-2222-4222-8222-222222222222";
const c1 = "33333333-3333-4333-8333-333333333333";
const c2 = "44444444-4444-4444-8444-444444444444";
const sources: ViewSource[] = [
  {
    kind: "participant",
    room,
    participant: { id: ada, number: 7, name: "Ada" },
    records: { annotations: [annotation(a1, ada)], comments: [comment(c1, a1, null, ada), comment(c2, a1, c1, ada)] },
  },
  { kind: "key", room: keyRoom, records: { annotations: [annotation(a1, "teacher-user")], comments: [] } },
];

describe("session views", () => {
  it("give the teacher names and participant ids, under ids derived from the source room", () => {
    const view = sessionViewRecords(sources, "class", true);
    expect(view.annotations.map((entry) => [entry.id, entry.authorId, entry.authorName])).toEqual([
      [derivedUuid(`${room}:${a1}`), ada, "Ada"],
      [derivedUuid(`${keyRoom}:${a1}`), "key", "Answer key"],
    ]);
    const [first, reply] = view.comments;
    expect(first).toMatchObject({ id: derivedUuid(`${room}:${c1}`), annotationId: derivedUuid(`${room}:${a1}`), parentId: null });
    expect(reply).toMatchObject({ parentId: derivedUuid(`${room}:${c1}`), authorId: ada });
  });

  it("show classmates pseudonyms in anonymous sessions, names otherwise", () => {
    const anonymous = sessionViewRecords(sources, "peers", true);
    expect(anonymous.annotations[0]).toMatchObject({ authorId: "reader-7", authorName: "Reader 7" });
    expect(anonymous.comments.every((entry) => entry.authorName === "Reader 7")).toBe(true);
    expect(JSON.stringify(anonymous)).not.toContain("Ada");
    expect(sessionViewRecords(sources, "peers", false).annotations[0]).toMatchObject({ authorId: ada, authorName: "Ada" });
  });

  it("call a purged student by their number", () => {
    const purged: ViewSource = { ...(sources[0] as Extract<ViewSource, { kind: "participant" }>), participant: { id: ada, number: 7, name: null } };
    expect(sessionViewRecords([purged], "class", false).annotations[0]?.authorName).toBe("Reader 7");
  });
});
