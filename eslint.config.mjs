// The layering, enforced (`npm run lint`, part of `npm test`). The arrows run one way:
//   app/ (routes) → server/http, server/runtime → server/calls (domain services) → server/domain, server/store
//   components/ → lib/ ;  lib/ → nothing of ours but lib/ ;  the emulator is a sealed room (lib/acs only).
// Type checking is tsc's job; this file only guards imports and the few rules tsc cannot.
import tseslint from 'typescript-eslint';

const serverOnly = { group: ['**/server/**', '@/server/**'], message: 'Code that runs in the browser must not import server/ (Node-only).' };
const nodeBuiltins = { group: ['node:*'], message: 'lib/ and components/ run in the browser too: no Node built-ins.' };
// tests/ is not shipped (.dockerignore leaves it out of the image): an import of it would break only the image's build.
const noTests = { group: ['**/tests/**', '@/tests/**'], message: 'Shipped code must not import tests/.' };
const serverNoUi = { group: ['**/components/**', '@/components/**', '**/app/**', '@/app/**'], message: 'server/ must not import UI or routes.' };
// A later block's no-restricted-imports replaces an earlier one's for the same files, so each server/ block repeats
// the rules every server file keeps.
const serverBase = [serverNoUi, noTests];

export default tseslint.config(
  { ignores: ['node_modules/**', '.next/**', 'test-results/**', '.cache/**', 'data/**', 'next-env.d.ts', '**/*.mjs'] },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTests] }] },
  },
  {
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [serverOnly, nodeBuiltins, noTests, { group: ['**/components/**', '@/components/**', '**/app/**', '@/app/**'], message: 'lib/ imports only lib/.' }] }],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [serverOnly, nodeBuiltins, noTests, { group: ['**/app/**', '@/app/**'], message: 'components/ must not import routes.' }] }],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noTests,
            {
              // Route handlers reach the running server through the runtime accessor and the HTTP helpers only.
              regex: '^@/server/(?!runtime$|http/|auth/session-cookie$|acs/webhook-routes$)',
              message: 'app/ reaches the server through @/server/runtime and @/server/http/* only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/acs-emulator/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: serverBase }],
    },
  },
  // Inside server/: transports (ingress, realtime, acs webhooks) → calls (domain services) → domain, store.
  {
    files: ['server/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...serverBase, { regex: '^\\.\\./(calls|store|ingress|realtime|acs|cluster|http|auth)/', message: 'The domain imports only lib/ and itself.' }] }] },
  },
  {
    files: ['server/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...serverBase, { regex: '^\\.\\./(calls|ingress|realtime|acs|http|auth)/', message: 'The store persists the domain; it does not call services or transports.' }] }] },
  },
  {
    files: ['server/calls/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...serverBase, { regex: '^\\.\\./(ingress|realtime|http)/', message: 'Call services do not import the transports that call them.' }] }] },
  },
  // The emulator plays ACS: it shares only ACS's own shapes (lib/acs/) with the app.
  {
    files: ['server/acs-emulator/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTests, { regex: '^\\.\\./(?!\\.\\./lib/acs/)', message: 'The emulator imports only its own files and lib/acs/.' }] }] },
  },
  {
    files: ['server/acs-emulator/*/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTests, { regex: '^\\.\\./\\.\\./(?!\\.\\./lib/acs/)', message: 'The emulator imports only its own files and lib/acs/.' }] }] },
  },
);
