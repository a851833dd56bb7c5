/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and Node-only packages stay outside the bundles that route handlers import.
  serverExternalPackages: ['better-sqlite3', 'pino', 'ws', 'socket.io', '@azure/communication-call-automation', 'jose'],
};

export default nextConfig;
