-- CreateTable
CREATE TABLE "realtime_updates" (
    "id" BIGSERIAL NOT NULL,
    "room" TEXT NOT NULL,
    "update" BYTEA NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "realtime_updates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "realtime_snapshots" (
    "room" TEXT NOT NULL,
    "state" BYTEA NOT NULL,
    "through_id" BIGINT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "realtime_snapshots_pkey" PRIMARY KEY ("room")
);

-- CreateTable
CREATE TABLE "annotations" (
    "id" TEXT NOT NULL,
    "document_id" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "exact" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "suffix" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "technique" TEXT,
    "author_id" TEXT NOT NULL,
    "author_name" TEXT NOT NULL,
    "resolved" BOOLEAN NOT NULL,
    "resolved_by" TEXT,
    "resolved_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "annotations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "annotation_comments" (
    "id" TEXT NOT NULL,
    "annotation_id" TEXT NOT NULL,
    "parent_id" TEXT,
    "author_id" TEXT NOT NULL,
    "author_name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "deleted" BOOLEAN NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "annotation_comments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "realtime_updates_room_id_idx" ON "realtime_updates"("room", "id");

-- CreateIndex
CREATE INDEX "annotations_document_id_idx" ON "annotations"("document_id");

-- CreateIndex
CREATE INDEX "annotation_comments_annotation_id_idx" ON "annotation_comments"("annotation_id");

-- AddForeignKey
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotation_comments" ADD CONSTRAINT "annotation_comments_annotation_id_fkey" FOREIGN KEY ("annotation_id") REFERENCES "annotations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

