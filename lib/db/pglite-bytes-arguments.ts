import type { PrismaPGlite } from "pglite-prisma-adapter";

type Query = { sql: string; args: unknown[]; argTypes?: ({ scalarType?: string } | undefined)[] };
type Queryable = { queryRaw(query: Query): Promise<unknown>; executeRaw(query: Query): Promise<unknown> };

/**
 * Prisma 6.19 hands driver adapters `Bytes` arguments as base64 strings; @prisma/adapter-pg
 * decodes them, pglite-prisma-adapter 0.6.1 does not, and PGlite then refuses the value
 * ("Invalid input for bytea type"). This wraps the PGlite adapter so they arrive as bytes.
 */
function decodeBytes(query: Query): Query {
  if (!query.argTypes?.some((type) => type?.scalarType === "bytes")) return query;
  return {
    ...query,
    args: query.args.map((arg, index) => (query.argTypes?.[index]?.scalarType === "bytes" && typeof arg === "string" ? Buffer.from(arg, "base64") : arg)),
  };
}

function wrapQueryable<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      if (property === "queryRaw" || property === "executeRaw") {
        return (query: Query) => (value as Queryable["queryRaw"]).call(object, decodeBytes(query));
      }
      if (property === "startTransaction") {
        return async (...args: unknown[]) => wrapQueryable((await (value as (...a: unknown[]) => Promise<object>).apply(object, args)) as object);
      }
      return (value as (...a: unknown[]) => unknown).bind(object);
    },
  });
}

export function withBytesArguments(factory: PrismaPGlite): PrismaPGlite {
  return new Proxy(factory, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (property === "connect" && typeof value === "function") {
        return async () => wrapQueryable((await (value as () => Promise<object>).call(object)) as object);
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(object) : value;
    },
  });
}
