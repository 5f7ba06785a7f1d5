/** `work`, or a failure naming `what` after `ms`: a fault test that hangs says where. */
export function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not within ${ms} ms: ${what}`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
