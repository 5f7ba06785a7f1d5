-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "vocabulary" JSONB;

