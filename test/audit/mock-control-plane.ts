import * as http from 'http';
import { AddressInfo } from 'net';

/**
 * A local stand-in for the Amazon Bedrock AgentCore control plane (restJson1, as the AWS SDK for
 * JavaScript v3 speaks it): ListGateways, GetGateway, ListGatewayTargets, GetGatewayTarget and
 * GetResourcePolicy, with pages, throttling and per-region failures. It reads the region from the SigV4
 * credential scope, as AWS does, and rejects unsigned requests. Only ever listens on 127.0.0.1.
 */

export interface MockTarget {
  readonly targetId: string;
  readonly name: string;
  readonly status?: string;
  /**
   * The rest of the target as GetGatewayTarget returns it (targetConfiguration,
   * credentialProviderConfigurations, description, ...), in the API's JSON form.
   */
  readonly configuration?: Record<string, unknown>;
}

export interface MockGateway {
  readonly gatewayId: string;
  readonly name: string;
  readonly authorizerType: string;
  readonly authorizerConfiguration?: Record<string, unknown>;
  readonly status?: string;
  readonly targets?: MockTarget[];
  /** What GetGateway returns as `policyEngineConfiguration`. */
  readonly policyEngineConfiguration?: { readonly arn: string; readonly mode: string };
  /** The gateway's resource-based policy (JSON text); without one, GetResourcePolicy answers 404 ResourceNotFoundException. */
  readonly resourcePolicy?: string;
  /** More GetGateway fields (description, kmsKeyArn, protocolConfiguration, ...); they win over the defaults. */
  readonly details?: Record<string, unknown>;
}

export interface MockOptions {
  /** Gateways per region; a region not named here has none. */
  readonly regions: Record<string, MockGateway[]>;
  /** Items per page for every list call, whatever maxResults asks (forces paging). */
  readonly pageSize?: number;
  /** `Operation:region` to the number of first calls answered 429 ThrottlingException. */
  readonly throttleFirst?: Record<string, number>;
  /** Regions where every call is 403 AccessDeniedException. */
  readonly deniedRegions?: string[];
  /** Regions where every call is 403 UnrecognizedClientException (an opt-in region not enabled). */
  readonly unrecognizedRegions?: string[];
  /** Gateways listed but gone when read (404 ResourceNotFoundException). */
  readonly vanishedGateways?: string[];
  /** Gateways whose GetGateway always fails with 500 InternalServerException. */
  readonly brokenGateways?: string[];
  /** A ListGateways page that repeats its own token forever (a misbehaving endpoint). */
  readonly loopingRegions?: string[];
  /** Gateways whose GetResourcePolicy is 403 AccessDeniedException (the auditor lacks that one permission). */
  readonly deniedResourcePolicies?: string[];
}

export interface MockRequest {
  readonly operation: string;
  readonly region: string;
  /** The access key ID the request was signed with. */
  readonly accessKeyId: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly status: number;
}

export interface MockControlPlane {
  readonly endpoint: string;
  readonly requests: MockRequest[];
  close(): Promise<void>;
}

const ACCOUNT = '111111111111';
// The API sends timestamps as RFC 3339 strings (the SDK rejects numbers here).
const CREATED_AT = '2026-01-01T00:00:00Z';

export async function startMockControlPlane(options: MockOptions): Promise<MockControlPlane> {
  const requests: MockRequest[] = [];
  const counters = new Map<string, number>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams.entries());
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/bedrock-agentcore\/aws4_request/.exec(req.headers.authorization ?? '');
    const region = scope?.[2];
    const route = routeOf(req.method ?? 'GET', url.pathname);

    const send = (status: number, body: unknown, errorType?: string) => {
      requests.push({ operation: route?.operation ?? 'Unknown', region: region ?? '?', accessKeyId: scope?.[1] ?? '?', path: url.pathname, query, status });
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': `req-${requests.length}` };
      if (errorType) {
        headers['x-amzn-errortype'] = errorType;
      }
      res.writeHead(status, headers);
      res.end(JSON.stringify(body));
    };
    const fail = (status: number, type: string, message: string) => send(status, { message }, type);

    req.resume();
    req.on('end', () => {
      if (!region) {
        return fail(403, 'MissingAuthenticationTokenException', 'Missing or unsigned request (expected SigV4 for bedrock-agentcore)');
      }
      if (!route) {
        return fail(404, 'UnknownOperationException', `No route for ${req.method} ${url.pathname}`);
      }
      if (options.deniedRegions?.includes(region)) {
        return fail(403, 'AccessDeniedException', `User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: bedrock-agentcore:${route.operation} in ${region}`);
      }
      if (options.unrecognizedRegions?.includes(region)) {
        return fail(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
      }
      const key = `${route.operation}:${region}`;
      const seen = (counters.get(key) ?? 0) + 1;
      counters.set(key, seen);
      if (seen <= (options.throttleFirst?.[key] ?? 0)) {
        return fail(429, 'ThrottlingException', 'Rate exceeded');
      }

      const gateways = options.regions[region] ?? [];
      const pageSize = Math.min(Number(query.maxResults ?? 1000), options.pageSize ?? 1000);
      switch (route.operation) {
        case 'ListGateways': {
          if (options.loopingRegions?.includes(region)) {
            return send(200, { items: [summary(gateways[0])], nextToken: 'same-token-again' });
          }
          const page = paginate(gateways, query.nextToken, pageSize);
          if (!page) {
            return fail(400, 'ValidationException', 'Invalid nextToken');
          }
          return send(200, { items: page.items.map(summary), nextToken: page.nextToken });
        }
        case 'GetGateway': {
          const gateway = gateways.find((g) => g.gatewayId === route.gatewayId);
          if (!gateway || options.vanishedGateways?.includes(route.gatewayId!)) {
            return fail(404, 'ResourceNotFoundException', `Gateway ${route.gatewayId} not found`);
          }
          if (options.brokenGateways?.includes(route.gatewayId!)) {
            return fail(500, 'InternalServerException', 'Internal error');
          }
          return send(200, details(gateway, region));
        }
        case 'GetResourcePolicy': {
          const gateway = gateways.find((g) => details(g, region).gatewayArn === route.resourceArn);
          if (gateway && options.deniedResourcePolicies?.includes(gateway.gatewayId)) {
            return fail(403, 'AccessDeniedException', `User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: bedrock-agentcore:GetResourcePolicy on resource: ${route.resourceArn}`);
          }
          if (!gateway || gateway.resourcePolicy === undefined) {
            return fail(404, 'ResourceNotFoundException', `No resource policy found for ${route.resourceArn}`);
          }
          return send(200, { policy: gateway.resourcePolicy });
        }
        case 'GetGatewayTarget': {
          const gateway = gateways.find((g) => g.gatewayId === route.gatewayId);
          const target = gateway?.targets?.find((t) => t.targetId === route.targetId);
          if (!gateway || !target) {
            return fail(404, 'ResourceNotFoundException', `Target ${route.targetId} of gateway ${route.gatewayId} not found`);
          }
          return send(200, targetDetails(gateway, target, region));
        }
        case 'ListGatewayTargets': {
          const gateway = gateways.find((g) => g.gatewayId === route.gatewayId);
          if (!gateway) {
            return fail(404, 'ResourceNotFoundException', `Gateway ${route.gatewayId} not found`);
          }
          const page = paginate(gateway.targets ?? [], query.nextToken, pageSize);
          if (!page) {
            return fail(400, 'ValidationException', 'Invalid nextToken');
          }
          return send(200, {
            items: page.items.map((t) => ({ targetId: t.targetId, name: t.name, status: t.status ?? 'READY', createdAt: CREATED_AT, updatedAt: CREATED_AT })),
            nextToken: page.nextToken,
          });
        }
      }
      return fail(404, 'UnknownOperationException', route.operation);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

function routeOf(method: string, pathname: string): { operation: string; gatewayId?: string; targetId?: string; resourceArn?: string } | undefined {
  if (method !== 'GET') {
    return undefined;
  }
  const policy = /^\/resourcepolicy\/([^/]+)\/?$/.exec(pathname);
  if (policy) {
    return { operation: 'GetResourcePolicy', resourceArn: decodeURIComponent(policy[1]) };
  }
  if (/^\/gateways\/?$/.test(pathname)) {
    return { operation: 'ListGateways' };
  }
  let match = /^\/gateways\/([^/]+)\/targets\/([^/]+)\/?$/.exec(pathname);
  if (match) {
    return { operation: 'GetGatewayTarget', gatewayId: decodeURIComponent(match[1]), targetId: decodeURIComponent(match[2]) };
  }
  match = /^\/gateways\/([^/]+)\/targets\/?$/.exec(pathname);
  if (match) {
    return { operation: 'ListGatewayTargets', gatewayId: decodeURIComponent(match[1]) };
  }
  match = /^\/gateways\/([^/]+)\/?$/.exec(pathname);
  if (match) {
    return { operation: 'GetGateway', gatewayId: decodeURIComponent(match[1]) };
  }
  return undefined;
}

function paginate<T>(items: T[], token: string | undefined, pageSize: number): { items: T[]; nextToken?: string } | undefined {
  let start = 0;
  if (token !== undefined) {
    const match = /^page-(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf-8'));
    if (!match) {
      return undefined;
    }
    start = Number(match[1]);
  }
  const end = start + pageSize;
  return { items: items.slice(start, end), nextToken: end < items.length ? Buffer.from(`page-${end}`).toString('base64') : undefined };
}

function summary(g: MockGateway) {
  return {
    gatewayId: g.gatewayId,
    name: g.name,
    status: g.status ?? 'READY',
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    authorizerType: g.authorizerType,
    protocolType: 'MCP',
  };
}

function details(g: MockGateway, region: string) {
  return {
    gatewayArn: `arn:aws:bedrock-agentcore:${region}:${ACCOUNT}:gateway/${g.gatewayId}`,
    gatewayId: g.gatewayId,
    gatewayUrl: `https://${g.gatewayId}.gateway.bedrock-agentcore.${region}.amazonaws.com/mcp`,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    status: g.status ?? 'READY',
    name: g.name,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/${g.name}-role`,
    protocolType: 'MCP',
    authorizerType: g.authorizerType,
    authorizerConfiguration: g.authorizerConfiguration,
    policyEngineConfiguration: g.policyEngineConfiguration,
    workloadIdentityDetails: { workloadIdentityArn: `arn:aws:bedrock-agentcore:${region}:${ACCOUNT}:workload-identity-directory/default/workload-identity/${g.name}` },
    ...g.details,
  };
}

function targetDetails(g: MockGateway, t: MockTarget, region: string) {
  return {
    gatewayArn: `arn:aws:bedrock-agentcore:${region}:${ACCOUNT}:gateway/${g.gatewayId}`,
    targetId: t.targetId,
    name: t.name,
    status: t.status ?? 'READY',
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    ...t.configuration,
  };
}
