import { loadSdk, SDK_PACKAGE, SdkUnavailableError } from '../../src/audit/control-plane';

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
