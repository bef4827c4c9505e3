// How the benchmark applies the guard: exactly the one line a platform team adds.
import { App, Aspects } from 'aws-cdk-lib';
import { IValidation } from 'constructs';
import { RequireGatewayAuthorization } from '../src';
import * as reports from '../src/guard/reports';
import * as written from '../src/guard/written-assembly';

/**
 * Applies the guard to `app` and returns a function that reports how long the guard's own work took: the
 * construct validation it registers on the App (indexing and annotations) and its verdict on the written
 * assembly (reading, judging, writing the reports). That time is measured precisely inside the process,
 * while the ratio of whole synth times is what users feel but is at the mercy of machine noise.
 */
export function guardAspect(app: App): () => number {
  let gateMs = 0;
  const timed = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A): R => {
    const start = process.hrtime.bigint();
    try {
      return fn(...args);
    } finally {
      gateMs += Number(process.hrtime.bigint() - start) / 1e6;
    }
  };
  const register = app.node.addValidation.bind(app.node);
  app.node.addValidation = (validation: IValidation) => register({ validate: timed(() => validation.validate()) });
  // The verdict runs after synthesis through these module functions; wrap them where the gate calls them.
  const verdict = written as { -readonly [K in keyof typeof written]: (typeof written)[K] };
  verdict.judgeWrittenAssembly = timed(written.judgeWrittenAssembly);
  const reporting = reports as { -readonly [K in keyof typeof reports]: (typeof reports)[K] };
  reporting.writeReports = timed(reports.writeReports);
  Aspects.of(app).add(new RequireGatewayAuthorization());
  return () => gateMs;
}
