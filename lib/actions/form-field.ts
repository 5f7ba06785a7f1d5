/** A text field of a submitted form ("" when absent); domain functions validate the value. */
export function formField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
