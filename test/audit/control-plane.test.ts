import { listAllPages, loadSdk, Page, PagingError, SDK_PACKAGE, SdkUnavailableError } from '../../src/audit/control-plane';

describe('loadSdk', () => {
  test('GIVEN the SDK is installed WHEN loaded THEN its client is there', () => {
    expect(typeof loadSdk().BedrockAgentCoreControlClient).toBe('function');
    expect(SDK_PACKAGE).toBe('@aws-sdk/client-bedrock-agentcore-control');
  });

  test('GIVEN the package is missing WHEN loaded THEN the error names the package and the install command', () => {
    let error: unknown;
    try {
      loadSdk('@aws-sdk/client-not-installed-here');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SdkUnavailableError);
    expect((error as Error).message).toBe(
      '`audit` needs the AWS SDK package @aws-sdk/client-not-installed-here, which is not installed. ' +
        'Install it next to this package: npm install --save-dev @aws-sdk/client-not-installed-here@^3',
    );
  });
});

describe('listAllPages (the one paging loop of audit and remediate)', () => {
  /** Pages of items; the token of page i is `t<i>`, or `loop` on every page when `loop` is set. */
  function pager(pages: string[][], loop = false) {
    const asked: Array<string | undefined> = [];
    const page = async (token?: string): Promise<Page<string>> => {
      asked.push(token);
      const index = token === undefined ? 0 : Number(token.slice(1));
      const next = loop ? 't1' : index + 1 < pages.length ? `t${index + 1}` : undefined;
      return { items: pages[index], nextToken: next };
    };
    return { page, asked };
  }

  test('GIVEN three pages WHEN listed THEN every item in order, each token asked once', async () => {
    const { page, asked } = pager([['a', 'b'], ['c'], ['d']]);
    await expect(listAllPages(page, 'List')).resolves.toEqual(['a', 'b', 'c', 'd']);
    expect(asked).toEqual([undefined, 't1', 't2']);
  });

  test('GIVEN a token that comes back WHEN listed THEN a PagingError instead of a loop', async () => {
    const list = listAllPages(pager([['a'], ['b']], true).page, 'ListGateways in us-east-1');
    await expect(list).rejects.toBeInstanceOf(PagingError);
    await expect(list).rejects.toThrow('ListGateways in us-east-1 returned the same page token twice; stopped to avoid an endless loop after 2 item(s)');
  });

  test('GIVEN more items than the caller accepts WHEN listed THEN it stops at the page that crosses the bound', async () => {
    const { page, asked } = pager([['a', 'b'], ['c', 'd'], ['e']]);
    await expect(listAllPages(page, 'List', 3)).rejects.toThrow('List returned more than 3 item(s); stopped there instead of reading without end');
    expect(asked).toEqual([undefined, 't1']);
    await expect(listAllPages(pager([['a', 'b'], ['c']]).page, 'List', 3)).resolves.toEqual(['a', 'b', 'c']);
  });
});
