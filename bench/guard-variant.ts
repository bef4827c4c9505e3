// How the benchmark applies the guard: exactly the one line a platform team adds.
import { App, Aspects } from 'aws-cdk-lib';
import { RequireGatewayAuthorization } from '../src';

export function guardAspect(app: App): void {
  Aspects.of(app).add(new RequireGatewayAuthorization());
}
