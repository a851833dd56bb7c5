/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and Node-only packages stay outside the bundles that route handlers import.
  serverExternalPackages: ['better-sqlite3', 'pino', 'ws', 'socket.io', '@azure/communication-call-automation', 'jose'],
  // `npm run dev` is often opened as http://127.0.0.1:3000; Next blocks its dev assets for origins it does not know.
  allowedDevOrigins: ['127.0.0.1'],
  // The Event Grid webhook URL carries its secret in the query string: keep it out of dev request logs.
  logging: { incomingRequests: { ignore: [/\/api\/acs\/incoming-call/] } },
};

export default nextConfig;
