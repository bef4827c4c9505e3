// How the benchmark applies the guard: exactly the one line a platform team adds.
import { App, Aspects } from 'aws-cdk-lib';
import { IValidation } from 'constructs';
import { RequireGatewayAuthorization } from '../src';

/**
 * Applies the guard to `app` and returns a function that reports how long the guard's own check (the
 * validation it registers on the App) took. That time is measured precisely inside the process, while the
 * ratio of whole synth times is what users feel but is at the mercy of machine noise.
 */
export function guardAspect(app: App): () => number {
  let gateMs = 0;
  const register = app.node.addValidation.bind(app.node);
  app.node.addValidation = (validation: IValidation) => register({
    validate: () => {
      const start = process.hrtime.bigint();
      try {
        return validation.validate();
      } finally {
        gateMs += Number(process.hrtime.bigint() - start) / 1e6;
      }
    },
  });
  Aspects.of(app).add(new RequireGatewayAuthorization());
  return () => gateMs;
}
