// A cheap test on the raw text of a JSON template, run before parsing it: most stacks of a large app hold
// no gateway, and parsing is the expensive part of reading a cloud assembly. Skipping a template is only
// safe when nothing that reads the parsed template could find anything in it, so the test is written as
// "every type the readers look at, or anything that could hide one".

/**
 * The literal texts one of which every JSON template that can matter to the guard contains:
 * - every AgentCore type (`AWS::BedrockAgentCore::...`: gateways, their resource policies, and whatever the
 *   engine judges next), also inside `Fn::ForEach` blocks and inline `TemplateBody` strings, where JSON
 *   escaping leaves `:` and letters alone;
 * - the types whose templates or calls are followed: nested stacks and stack sets
 *   (`AWS::CloudFormation::Stack`, `...::StackSet`, `...::CustomResource`), SAM applications
 *   (`AWS::Serverless::Application`), Service Catalog products, and custom resources (`Custom::...`, which
 *   include SDK calls made by `AwsCustomResource`);
 * - transforms (`Fn::Transform` anywhere, `AWS::Include`, which is only ever named inside one, and a
 *   template-level `Transform`), which decide resources at deploy time: the text `Transform` covers them all.
 *
 * A resource type is a literal in a template (CloudFormation allows no intrinsic function in `Type`), so
 * it can only hide behind a JSON `\u` escape; any `\u` in the text therefore also means "parse it".
 * Whoever teaches the engine or the template readers a new resource type adds its prefix here.
 */
const MAY_MATTER = /AWS::BedrockAgentCore::|AWS::CloudFormation::|AWS::Serverless|AWS::ServiceCatalog::|Custom::|Transform|\\u/;

/**
 * Whether the raw text of a JSON template may hold something the guard judges. `false` is a proof that
 * parsing it would find nothing to judge; `true` only means "parse it". Only for JSON: YAML has other
 * escapes, so YAML templates are always parsed.
 */
export function jsonTemplateMayMatter(text: string): boolean {
  return MAY_MATTER.test(text);
}
