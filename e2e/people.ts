import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";

export type Person = { name: string; email: string; password: string };

/** A unique person per test, so tests can share one server and database. */
export function newPerson(name: string): Person {
  const id = randomBytes(4).toString("hex");
  return { name, email: `${name.normalize("NFD").toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${id}@example.org`, password: `password-${id}-long` };
}

/** Signs up through the real form, as a newcomer would, and lands in the first workspace. */
export async function signUp(page: Page, person: Person, path = "/signup"): Promise<void> {
  await page.goto(path);
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
}
