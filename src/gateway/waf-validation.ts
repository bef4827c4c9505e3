import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PropErrors } from './validation';
import { GatewayWafConfiguration } from './waf';

/** The fields of `arn:<partition>:wafv2:<region>:<account>:<scope>/webacl/<name>/<id>`. */
const WEB_ACL_ARN = /^arn:[a-z0-9-]+:wafv2:([a-z0-9-]*):(\d{12}):([a-z]+)\/webacl\/[^/]+\/[^/]+$/;

/** Problems with a WAF configuration; parts only known at deploy time are skipped. */
export function validateWafConfiguration(scope: IConstruct, waf: GatewayWafConfiguration | undefined, errors: PropErrors): void {
  if (waf === undefined || Token.isUnresolved(waf.webAclArn)) {
    return;
  }
  const field = 'wafConfiguration.webAclArn';
  const match = WEB_ACL_ARN.exec(waf.webAclArn);
  if (!match) {
    errors.add(
      field,
      `'${waf.webAclArn}' is not the ARN of an AWS WAF web ACL (arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>)`,
      'pass the web ACL\'s ARN, e.g. webAcl.attrArn of a wafv2.CfnWebACL with scope REGIONAL',
    );
    return;
  }
  const [, region, , aclScope] = match;
  if (aclScope !== 'regional') {
    errors.add(
      field,
      `'${waf.webAclArn}' is a ${aclScope} web ACL; only regional web ACLs can protect a gateway (CloudFront web ACLs cannot)`,
      'create the web ACL with scope REGIONAL in the gateway\'s region',
    );
    return;
  }
  const stackRegion = Stack.of(scope).region;
  if (!Token.isUnresolved(stackRegion) && region !== stackRegion) {
    errors.add(
      field,
      `'${waf.webAclArn}' is in ${region}, but the gateway is in ${stackRegion}; AWS WAF only associates a web ACL with resources in its own region`,
      `use a web ACL created in ${stackRegion}`,
    );
  }
}

