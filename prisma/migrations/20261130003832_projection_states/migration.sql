-- CreateTable
CREATE TABLE "projection_states" (
    "room" TEXT NOT NULL,
    "snapshot" BYTEA NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "projection_states_pkey" PRIMARY KEY ("room")
);

