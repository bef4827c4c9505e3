// @ts-check
'use strict';
// A Lambda function that calls an AWS_IAM AgentCore gateway the way an agent would: an MCP `tools/list`
// request signed with AWS Signature Version 4 using the function's own role. integ-tests-alpha's
// httpApiCall cannot sign requests, so the IAM integration test invokes this function instead.
// Plain Node.js (crypto and the built-in fetch): no bundling, no dependency on the runtime's AWS SDK.
const crypto = require('crypto');

const EMPTY_PATH = '/';

/** @param {string | Buffer} data */
function sha256Hex(data) {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** @param {string | Buffer} key @param {string} data */
function hmac(key, data) {
  return crypto.createHmac('sha256', key).update(data).digest();
}

/** RFC 3986 encoding of one path segment, as SigV4 requires (non-S3 services encode twice). */
function encodeSegment(segment) {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Signs a request with SigV4 and returns the headers to send (the given ones plus `host`,
 * `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` when there is a session token,
 * and `authorization`).
 *
 * @param {{ method: string, url: string, headers: Record<string, string>, body: string,
 *   service: string, region: string, amzDate: string,
 *   credentials: { accessKeyId: string, secretAccessKey: string, sessionToken?: string },
 *   doubleEncodePath?: boolean }} req
 * @returns {Record<string, string>}
 */
function signRequest(req) {
  const url = new URL(req.url);
  const payloadHash = sha256Hex(req.body);
  /** @type {Record<string, string>} */
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = String(value).trim().replace(/\s+/g, ' ');
  }
  headers.host = url.host;
  headers['x-amz-date'] = req.amzDate;
  headers['x-amz-content-sha256'] = payloadHash;
  if (req.credentials.sessionToken) {
    headers['x-amz-security-token'] = req.credentials.sessionToken;
  }

  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]}\n`).join('');
  const signedHeaders = names.join(';');
  const segments = (url.pathname || EMPTY_PATH).split('/').map((s) => encodeSegment(decodeURIComponent(s)));
  const canonicalPath = (req.doubleEncodePath ?? true)
    ? segments.map(encodeSegment).join('/')
    : segments.join('/');
  const canonicalQuery = [...url.searchParams.entries()]
    .map(([k, v]) => [encodeSegment(k), encodeSegment(v)])
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : (a < b ? -1 : 1)))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [req.method, canonicalPath || EMPTY_PATH, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');

  const date = req.amzDate.slice(0, 8);
  const scope = `${date}/${req.region}/${req.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', req.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${req.credentials.secretAccessKey}`, date), req.region), req.service), 'aws4_request');
  const signature = crypto.createHmac('sha256', signingKey).update(stringToSign).digest('hex');

  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${req.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** `20150830T123600Z` for a Date. */
function amzDateOf(date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Sends `tools/list` to the gateway in GATEWAY_URL, signed with this function's credentials, and returns
 * `{ status, body }` (the body parsed as JSON when it is JSON). EXTRA_HEADERS (a JSON object) adds headers
 * to the signed request, e.g. one that a web ACL in front of the gateway blocks.
 */
async function handler() {
  const url = process.env.GATEWAY_URL;
  const region = process.env.AWS_REGION;
  if (!url || !region) {
    throw new Error('GATEWAY_URL and AWS_REGION must be set');
  }
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
  const headers = signRequest({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/json',
      'accept': 'application/json, text/event-stream',
      'mcp-protocol-version': process.env.MCP_PROTOCOL_VERSION ?? '2025-03-26',
      ...JSON.parse(process.env.EXTRA_HEADERS ?? '{}'),
    },
    body,
    service: 'bedrock-agentcore',
    region,
    amzDate: amzDateOf(new Date()),
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
      sessionToken: process.env.AWS_SESSION_TOKEN,
    },
  });
  // `host` is set by fetch itself and may not be passed explicitly.
  delete headers.host;
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

module.exports = { handler, signRequest, amzDateOf };
