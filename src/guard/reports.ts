// The guard's report files in a cloud assembly directory: written from the judgment of the assembly as it
// was written, and removed at the start of every synthesis so that a report from an earlier run is never
// read as this run's.
import * as fs from 'fs';
import * as path from 'path';
import { displayPath } from '../engine/display';
import { GatewayEvaluation } from '../engine/evaluate';
import { packageVersion } from '../engine/package-version';
import { toJsonReport, toSarif } from '../engine/report';

/** One gateway for the report, with the absolute path of the template file it was read from. */
export interface ReportedEvaluation {
  readonly evaluation: GatewayEvaluation;
  readonly templateFile?: string;
}

/** The two report files of `baseName` in `outdir`. */
export function reportFiles(outdir: string, baseName: string): { readonly json: string; readonly sarif: string } {
  return { json: path.join(outdir, `${baseName}.json`), sarif: path.join(outdir, `${baseName}.sarif`) };
}

/** Removes the report files of an earlier synthesis, if any. */
export function removeReports(outdir: string, baseName: string): void {
  const files = reportFiles(outdir, baseName);
  fs.rmSync(files.json, { force: true });
  fs.rmSync(files.sarif, { force: true });
}

/**
 * Writes the JSON report (template paths relative to the assembly directory, as the manifest names them)
 * and the SARIF log (artifact locations a code-scanning tool run from the working directory can open: the
 * path `displayPath` shows, relative to it when the file is inside it and absolute otherwise, as `scan`
 * writes them; the SARIF writer percent-encodes it).
 */
export function writeReports(outdir: string, baseName: string, source: string, reported: readonly ReportedEvaluation[]): void {
  const meta = { toolName: 'cdk-secure-agentcore-gateway', toolVersion: packageVersion(), source };
  const files = reportFiles(outdir, baseName);
  const evaluations = reported.map((r) => r.evaluation);
  const forSarif = reported.map((r) => ({ ...r.evaluation, templatePath: r.templateFile ? displayPath(r.templateFile) : undefined }));
  fs.mkdirSync(outdir, { recursive: true });
  fs.writeFileSync(files.json, JSON.stringify(toJsonReport(evaluations, meta), undefined, 2));
  fs.writeFileSync(files.sarif, JSON.stringify(toSarif(forSarif, meta), undefined, 2));
}
