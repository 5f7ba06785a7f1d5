import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors.ts";

/** In pages, a domain "not found" (including "not yours") becomes the 404 page. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
