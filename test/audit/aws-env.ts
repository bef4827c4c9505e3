import * as path from 'path';

/**
 * Environment for the AWS SDK in tests: fake static credentials and no shared config, so nothing can
 * reach a real account. The mock control plane accepts any SigV4 signature.
 */
export function fakeAwsEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-for-local-tests-only',
    AWS_SESSION_TOKEN: '',
    AWS_CONFIG_FILE: path.join(__dirname, 'no-such-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(__dirname, 'no-such-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PROFILE: '',
    AWS_REGION: '',
    AWS_DEFAULT_REGION: '',
    // The SDK's notice that it will need Node 22 next year: noise in test logs.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

/** Sets `vars` in process.env for the tests of one file; returns a function that restores the old values. */
export function useEnv(vars: Record<string, string>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(vars)) {
    saved.set(key, process.env[key]);
    if (value === '') {
      delete process.env[key];
    } else {
      process.env[key] = value;
    }
  }
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) {
        delete process.env[key];
      } else {
        process.env[key] = value;
      }
    }
  };
}
