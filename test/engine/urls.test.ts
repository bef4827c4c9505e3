import { allowedPrefixOf, canonicalUrl, s3ObjectKey, s3ObjectOf } from '../../src/engine/urls';
import { PartialString, Unknown } from '../../src/engine/values';

const partial = (...parts: Array<string | Unknown>) => new PartialString(parts);
const unknown = (expression: string) => new Unknown(expression, 'only known at deploy time');

describe('the canonical text of a URL', () => {
  test.each([
    ['AWS::AccountId', 'https://t.example.com/${AWS::AccountId}/net.json'],
    ['AWS::Partition', 'https://t.example.com/${AWS::Partition}/net.json'],
    ['AWS::Region', 'https://t.example.com/${AWS::Region}/net.json'],
    ['AWS::URLSuffix', 'https://t.example.com/${AWS::URLSuffix}/net.json'],
  ])('GIVEN a URL with the pseudo parameter %s WHEN made canonical THEN it is written as a placeholder', (name, expected) => {
    expect(canonicalUrl(partial('https://t.example.com/', unknown(`Ref ${name}`), '/net.json'))).toBe(expected);
  });

  test.each([
    ['an attribute whose name ends like a pseudo parameter', 'Fn::GetAtt Shared.Ref AWS::Region'],
    ['a reference whose name starts like a pseudo parameter', 'Ref AWS::Region2'],
    ['a reference with text after the pseudo parameter', 'Ref AWS::Region.Name'],
    ['a pseudo parameter the deployer decides', 'Ref AWS::StackName'],
    ['a parameter', 'Ref Version'],
  ])('GIVEN a URL with %s WHEN made canonical THEN it has no canonical text', (_, expression) => {
    expect(canonicalUrl(partial('https://t.example.com/', unknown(expression), '/net.json'))).toBeUndefined();
  });

  test('GIVEN a URL known at synth time WHEN made canonical THEN it is itself', () => {
    expect(canonicalUrl('https://t.example.com/vetted/net.json')).toBe('https://t.example.com/vetted/net.json');
  });
});

describe('the S3 object of a URL', () => {
  test.each<[string, { bucket: string; key: string } | undefined]>([
    ['https://s3.amazonaws.com/bucket/dir/net.json', { bucket: 'bucket', key: 'dir/net.json' }],
    ['https://s3.eu-west-1.amazonaws.com/bucket/k', { bucket: 'bucket', key: 'k' }],
    ['https://s3.${AWS::Region}.${AWS::URLSuffix}/bucket/k', { bucket: 'bucket', key: 'k' }],
    ['https://bucket.s3.dualstack.eu-west-1.amazonaws.com/dir/net.json', { bucket: 'bucket', key: 'dir/net.json' }],
    ['https://bucket.s3.amazonaws.com.cn/k', { bucket: 'bucket', key: 'k' }],
    // Path-style without a key: no object.
    ['https://s3.amazonaws.com/bucket', undefined],
    ['https://s3.amazonaws.com/bucket/', undefined],
    // Path-style without a bucket.
    ['https://s3.amazonaws.com//k', undefined],
    // Not an https URL of its own: text before the scheme.
    ['xhttps://s3.amazonaws.com/bucket/k', undefined],
    ['see https://bucket.s3.amazonaws.com/k', undefined],
    ['https://s3.amazonaws.com/bucket/k?versionId=1', undefined],
    ['https://templates.example.com/bucket/k', undefined],
    // Asset buckets, dashed regional endpoints, dotted bucket names, other hosts and schemes.
    ['https://s3.eu-west-1.amazonaws.com/cdk-hnb659fds-assets-111111111111-eu-west-1/abc.json', { bucket: 'cdk-hnb659fds-assets-111111111111-eu-west-1', key: 'abc.json' }],
    ['https://s3.${AWS::Region}.${AWS::URLSuffix}/cdk-x-assets-${AWS::AccountId}-${AWS::Region}/a/b.json', { bucket: 'cdk-x-assets-${AWS::AccountId}-${AWS::Region}', key: 'a/b.json' }],
    ['https://s3.amazonaws.com/bucket/k.yaml', { bucket: 'bucket', key: 'k.yaml' }],
    ['https://s3-eu-west-1.amazonaws.com/bucket/k.yaml', { bucket: 'bucket', key: 'k.yaml' }],
    ['https://my.bucket.s3.eu-west-1.amazonaws.com/k.yaml', { bucket: 'my.bucket', key: 'k.yaml' }],
    ['https://s3.cn-north-1.amazonaws.com.cn/bucket/k.yaml', { bucket: 'bucket', key: 'k.yaml' }],
    ['https://evil.example.com/bucket/k.yaml', undefined],
    ['https://s3.amazonaws.com.evil.example/bucket/k.yaml', undefined],
    ['https://s3.amazonaws.com/bucket/k.yaml?versionId=1', undefined],
    ['http://s3.amazonaws.com/bucket/k.yaml', undefined],
  ])('GIVEN %s WHEN its S3 object is asked THEN it is %j', (url, expected) => {
    expect(s3ObjectOf(url)).toEqual(expected);
  });

  test('GIVEN an S3 object WHEN keyed THEN bucket and key are joined by a NUL, which neither can hold', () => {
    expect(s3ObjectKey({ bucket: 'cdk-assets-${AWS::AccountId}', key: 'a/b.json' })).toBe('cdk-assets-${AWS::AccountId}\u0000a/b.json');
    expect(s3ObjectKey({ bucket: 'a', key: 'b/c' })).not.toBe(s3ObjectKey({ bucket: 'a/b', key: 'c' }));
  });
});

describe('the allowed prefix a URL is under', () => {
  const prefixes = ['https://t.example.com/vetted/', 'https://t.example.com/vetted%20templates/'];

  test.each([
    ['https://t.example.com/vetted/net.json', prefixes[0]],
    ['https://t.example.com/vetted/a/b/net.json', prefixes[0]],
    // An encoded character in the prefix itself is the owner's: only the rest of the URL must not hold one.
    ['https://t.example.com/vetted%20templates/net.json', prefixes[1]],
  ])('GIVEN %s WHEN its allowed prefix is asked THEN it is %s', (url, expected) => {
    expect(allowedPrefixOf(url, prefixes)).toBe(expected);
  });

  test.each([
    ['a parent folder', 'https://t.example.com/vetted/../evil/net.json'],
    ['a parent folder at the end', 'https://t.example.com/vetted/a/..'],
    ['a current folder', 'https://t.example.com/vetted/./net.json'],
    ['a current folder at the start', 'https://t.example.com/vetted/.'],
    ['an encoded character', 'https://t.example.com/vetted/%2e%2e/net.json'],
    ['an encoded character after an allowed one', 'https://t.example.com/vetted%20templates/%2e%2e/net.json'],
    ['a backslash', 'https://t.example.com/vetted/..\\evil/net.json'],
    ['a query', 'https://t.example.com/vetted/net.json?x=/../'],
    ['a fragment', 'https://t.example.com/vetted/net.json#x'],
    ['another folder', 'https://t.example.com/vettedx/net.json'],
    ['another host', 'https://t.example.com.evil.example/vetted/net.json'],
    ['another case', 'https://t.example.com/Vetted/net.json'],
    // A URL parser drops tabs and newlines: these would become `..`.
    ['a tab inside a parent folder', 'https://t.example.com/vetted/.\t./evil/net.json'],
    ['a newline inside a parent folder', 'https://t.example.com/vetted/.\n./evil/net.json'],
    ['a space', 'https://t.example.com/vetted/net .json'],
    ['a control character', 'https://t.example.com/vetted/net\u0000.json'],
    ['a delete character', 'https://t.example.com/vetted/net\u007f.json'],
  ])('GIVEN a URL with %s WHEN its allowed prefix is asked THEN it has none', (_, url) => {
    expect(allowedPrefixOf(url, prefixes)).toBeUndefined();
  });

  test('GIVEN a URL whose rest holds pseudo parameters WHEN its allowed prefix is asked THEN it is under the prefix; a parameter instead THEN not', () => {
    expect(allowedPrefixOf(partial('https://t.example.com/vetted/', unknown('Ref AWS::Region'), '/net.json'), prefixes)).toBe(prefixes[0]);
    expect(allowedPrefixOf(partial('https://t.example.com/vetted/', unknown('Ref Version'), '/net.json'), prefixes)).toBeUndefined();
  });
});

describe('URLs built from pseudo parameters, as nested templates name them', () => {
  const pseudo = (name: string) => new Unknown(`Ref ${name}`, 'a pseudo parameter is only known at deploy time');

  test('GIVEN URLs with pseudo parameters WHEN made canonical THEN they are written as placeholders; other tokens give undefined', () => {
    expect(canonicalUrl(partial('https://s3.', pseudo('AWS::Region'), '.', pseudo('AWS::URLSuffix'), '/b/k.json'))).toBe('https://s3.${AWS::Region}.${AWS::URLSuffix}/b/k.json');
    expect(canonicalUrl(partial('https://s3.amazonaws.com/', new Unknown('Ref Bucket', 'x'), '/k.json'))).toBeUndefined();
    expect(canonicalUrl(partial('https://', pseudo('AWS::StackName'), '/k'))).toBeUndefined();
  });

  test('GIVEN allowed prefixes WHEN matched THEN only URLs inside the folder, with nothing but pseudo parameters after it, match', () => {
    const prefixes = ['https://templates.example.com/vetted/'];
    expect(allowedPrefixOf('https://templates.example.com/vetted/net.json', prefixes)).toBe(prefixes[0]);
    expect(allowedPrefixOf(partial('https://templates.example.com/vetted/', pseudo('AWS::Region'), '/net.json'), prefixes)).toBe(prefixes[0]);
    expect(allowedPrefixOf(partial('https://templates.example.com/vetted/', new Unknown('Ref Version', 'x'), '/net.json'), prefixes)).toBeUndefined();
    expect(allowedPrefixOf('https://templates.example.com/vetted/../evil/net.json', prefixes)).toBeUndefined();
    expect(allowedPrefixOf('https://templates.example.com/vetted/%2e%2e/net.json', prefixes)).toBeUndefined();
    expect(allowedPrefixOf('https://templates.example.com/vettedx/net.json', prefixes)).toBeUndefined();
    expect(allowedPrefixOf('https://templates.example.com.evil.example/vetted/net.json', prefixes)).toBeUndefined();
  });
});
