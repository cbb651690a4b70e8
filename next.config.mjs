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
    // The gazetteer upload (Administration → Gazetteer) takes files of up to 50 MB in one server
    // action; both limits default lower (1 MB, 10 MB) and the margin covers the multipart framing.
    serverActions: { bodySizeLimit: '51mb' },
    proxyClientMaxBodySize: '51mb',
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
