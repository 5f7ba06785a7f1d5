import type { Metadata } from "next";
import { ClassDashboard } from "@/components/classroom/teacher/class-dashboard.tsx";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { loadTeacherPage } from "./load-teacher-page.ts";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = (await params).id;
  const { document } = await loadTeacherPage(id, `/sessions/${id}`);
  return { title: `Class session: ${document.title}` };
}

/** The teacher's live dashboard of a class session (editors and owners of the workspace). */
export default async function SessionDashboardPage({ params }: Props) {
  const id = (await params).id;
  const { session, document, vocabulary, rooms } = await loadTeacherPage(id, `/sessions/${id}`);
  return (
    <ClassDashboard
      session={session}
      title={document.title}
      blocks={document.blocks}
      text={canonicalBodyText(document.blocks)}
      language={document.language}
      vocabulary={vocabulary}
      rooms={rooms}
    />
  );
}
