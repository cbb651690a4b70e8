import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

// Headers every response carries, static files included. The page CSP with its
// per-request nonce is set by proxy.ts; this one guards everything else.
const baseHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  { key: 'X-Frame-Options', value: 'DENY' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  experimental: {
    authInterrupts: true,
    // Forms are a few kilobytes; files go to upload routes that stream them (lib/http/limits.mjs).
    // The app's server (scripts/server.mjs) refuses a larger body by its length before it is read;
    // these are Next's own limits behind it, kept at the same 1 MB.
    serverActions: { bodySizeLimit: '1mb' },
    proxyClientMaxBodySize: '1mb',
  },
  // `npm test` typechecks; `npm start` need not spend its first minute doing it again.
  typescript: { ignoreBuildErrors: true },
  // Native or worker-based packages must stay outside the bundle.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'pino', 'postgres'],
  async headers() {
    return [
      { source: '/:path*', headers: baseHeaders },
      {
        source: '/_next/static/:path*',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'self'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
