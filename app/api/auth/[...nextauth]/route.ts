import NextAuth from "next-auth";
import { getAppContext } from "@/lib/app-context.ts";
import { buildAuthOptions } from "@/lib/auth/auth-options.ts";

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(request: Request, context: Context) {
  return NextAuth(request as never, context as never, buildAuthOptions(getAppContext()));
}

export { handler as GET, handler as POST };
