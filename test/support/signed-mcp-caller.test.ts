import { createServer, IncomingMessage, Server } from 'http';
import { AddressInfo } from 'net';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const caller = require('./signed-mcp-caller/index.js');

// The S3 examples of the AWS Signature Version 4 documentation ("Examples: Signature Calculations in AWS
// Signature Version 4", Amazon S3 API Reference): published requests with the resulting signatures.
const EXAMPLE_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const EXAMPLE = {
  service: 's3',
  region: 'us-east-1',
  amzDate: '20130524T000000Z',
  credentials: EXAMPLE_CREDENTIALS,
  // S3 is the one service that does not encode the path a second time.
  doubleEncodePath: false,
};

function signatureOf(headers: Record<string, string>): string {
  return /Signature=([0-9a-f]{64})$/.exec(headers.authorization)![1];
}

describe('SigV4 signer of the IAM integration test caller', () => {
  test('GIVEN the documented GET Object example THEN the signature matches the documented one', () => {
    const headers = caller.signRequest({
      ...EXAMPLE,
      method: 'GET',
      url: 'https://examplebucket.s3.amazonaws.com/test.txt',
      headers: { Range: 'bytes=0-9' },
      body: '',
    });
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
      'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
      'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  test('GIVEN the documented PUT Object example (body, encoded path) THEN the signature matches', () => {
    const headers = caller.signRequest({
      ...EXAMPLE,
      method: 'PUT',
      url: 'https://examplebucket.s3.amazonaws.com/test$file.text',
      headers: { 'Date': 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
      body: 'Welcome to Amazon S3.',
    });
    expect(signatureOf(headers)).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });

  test('GIVEN the documented list-objects example (query string) THEN the signature matches', () => {
    const headers = caller.signRequest({
      ...EXAMPLE,
      method: 'GET',
      url: 'https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J',
      headers: {},
      body: '',
    });
    expect(signatureOf(headers)).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });

  test('GIVEN session credentials THEN the token is sent and signed', () => {
    const headers = caller.signRequest({
      ...EXAMPLE,
      method: 'GET',
      url: 'https://examplebucket.s3.amazonaws.com/test.txt',
      headers: {},
      body: '',
      credentials: { ...EXAMPLE_CREDENTIALS, sessionToken: 'session-token' },
    });
    expect(headers['x-amz-security-token']).toBe('session-token');
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,');
  });
});

describe('signed MCP caller handler', () => {
  let server: Server;
  let received: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string } | undefined;
  const saved = { ...process.env };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        received = { method: req.method, url: req.url, headers: req.headers, body };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'Orders___lookup_order' }] } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    process.env = saved;
    await new Promise((resolve) => server.close(resolve));
  });

  test('GIVEN a gateway URL and credentials WHEN invoked THEN it POSTs a signed tools/list and returns status and body', async () => {
    const { port } = server.address() as AddressInfo;
    process.env.GATEWAY_URL = `http://127.0.0.1:${port}/mcp`;
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    process.env.AWS_SESSION_TOKEN = 'token';

    const result = await caller.handler();

    expect(result).toEqual({ status: 200, body: { jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'Orders___lookup_order' }] } } });
    expect(received!.method).toBe('POST');
    expect(received!.url).toBe('/mcp');
    expect(JSON.parse(received!.body)).toEqual({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(received!.headers['x-amz-security-token']).toBe('token');
    expect(received!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock-agentcore\/aws4_request, SignedHeaders=accept;content-type;host;mcp-protocol-version;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    // The server recomputes the signature from what it received: the request must not have been altered.
    const recomputed = caller.signRequest({
      method: 'POST',
      url: `http://${received!.headers.host}/mcp`,
      headers: {
        'accept': received!.headers.accept as string,
        'content-type': received!.headers['content-type'] as string,
        'mcp-protocol-version': received!.headers['mcp-protocol-version'] as string,
      },
      body: received!.body,
      service: 'bedrock-agentcore',
      region: 'us-east-1',
      amzDate: received!.headers['x-amz-date'] as string,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
    });
    expect(received!.headers.authorization).toBe(recomputed.authorization);
  });

  test('GIVEN EXTRA_HEADERS WHEN invoked THEN the headers are sent and signed with the rest', async () => {
    const { port } = server.address() as AddressInfo;
    process.env.GATEWAY_URL = `http://127.0.0.1:${port}/mcp`;
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    process.env.EXTRA_HEADERS = JSON.stringify({ 'x-agw-integ': 'block' });
    try {
      await caller.handler();
    } finally {
      delete process.env.EXTRA_HEADERS;
    }

    expect(received!.headers['x-agw-integ']).toBe('block');
    expect(received!.headers.authorization).toMatch(/SignedHeaders=accept;content-type;host;mcp-protocol-version;x-agw-integ;x-amz-content-sha256;/);
  });
});
