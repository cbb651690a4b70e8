import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';

// Public by design: next-auth's sign-in, CSRF and sign-out endpoints. Credentials are checked in lib/auth/sign-in.ts.
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(req, { params: await ctx.params });
}

export { handler as GET, handler as POST };
