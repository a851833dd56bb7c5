/**
 * Plain signed requests for what SDK 1.6.0 cannot send (preview fields, `:summarizeCall`, `/emulator/*`): a
 * core-rest-pipeline pipeline with communication-common's own HMAC policy, so the client side never hand-rolls the
 * signature. Extra policies can run after signing to tamper with the request.
 */
import { createCommunicationAuthPolicy, parseConnectionString } from '@azure/communication-common';
import {
  createDefaultHttpClient,
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  type PipelinePolicy,
} from '@azure/core-rest-pipeline';

export const PREVIEW_API_VERSION = '2025-08-15-preview';
export const GA_API_VERSION = '2026-03-12';

export interface SignedResponse {
  status: number;
  json: unknown;
  text: string;
}

export interface SignedRequestOptions {
  apiVersion?: string | null;
  /** Policies that run after the HMAC policy has signed the request. */
  afterSigning?: PipelinePolicy[];
  /** Replaces the signing policy (e.g. to sign at another time). */
  signing?: (signer: PipelinePolicy) => PipelinePolicy;
  /** Sends this exact text instead of JSON.stringify(body). */
  rawBody?: string;
}

const httpClient = createDefaultHttpClient();

export async function signedRequest(
  connectionString: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
  options: SignedRequestOptions = {},
): Promise<SignedResponse> {
  const { endpoint, credential } = parseConnectionString(connectionString);
  const url = new URL(path, endpoint);
  const apiVersion = options.apiVersion === undefined ? PREVIEW_API_VERSION : options.apiVersion;
  if (apiVersion !== null && path.startsWith('/calling/')) url.searchParams.set('api-version', apiVersion);

  const pipeline = createEmptyPipeline();
  const signer = createCommunicationAuthPolicy(credential);
  const signing = options.signing ? options.signing(signer) : signer;
  pipeline.addPolicy(signing);
  for (const policy of options.afterSigning ?? []) pipeline.addPolicy(policy, { afterPolicies: [signing.name] });

  const text = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  const request = createPipelineRequest({
    url: url.toString(),
    method,
    body: text,
    headers: createHttpHeaders(text === undefined ? {} : { 'content-type': 'application/json' }),
    allowInsecureConnection: true,
  });
  const response = await pipeline.sendRequest(httpClient, request);
  const responseText = response.bodyAsText ?? '';
  let json: unknown;
  try {
    json = responseText === '' ? undefined : JSON.parse(responseText);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text: responseText };
}

/** A policy that edits the request after it was signed. */
export function tamper(name: string, edit: (request: Parameters<PipelinePolicy['sendRequest']>[0]) => void): PipelinePolicy {
  return {
    name,
    sendRequest(request, next) {
      edit(request);
      return next(request);
    },
  };
}
