/**
 * Collects every invalid prop of one construct (or options object) so that a user sees all problems at
 * once, each naming the field, the rule it broke and how to fix it. The one error style of the L3, the
 * guard's props and the Config-rule construct.
 */
export class PropErrors {
  private readonly problems: string[] = [];

  public add(field: string, rule: string, fix: string): void {
    this.problems.push(`${field}: ${rule}. Fix: ${fix}`);
  }

  public get messages(): readonly string[] {
    return this.problems;
  }

  /**
   * Throws once, listing every problem, if any were collected.
   *
   * @param what the construct or class, e.g. `SecureAgentCoreGateway`
   * @param path its construct path, when it has one
   */
  public throwIfAny(what: string, path?: string): void {
    if (this.problems.length === 0) {
      return;
    }
    const count = this.problems.length === 1 ? '1 invalid property' : `${this.problems.length} invalid properties`;
    const where = path === undefined ? what : `${what} at '${path}'`;
    throw new Error(`${where} has ${count}:\n${this.problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
