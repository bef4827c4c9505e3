/** Something of the source gateway that the replacement cannot reproduce. */
export interface Problem {
  /** `gateway`, or `target "<name>" (<id>)`. */
  readonly subject: string;
  /** Dotted path of the field in the API response, e.g. `targetConfiguration.mcp.connector`. */
  readonly path: string;
  readonly message: string;
}

/** One line per problem: `target "orders" (ABCDEF1234): targetConfiguration.mcp.connector is ...`. */
export function formatProblem(problem: Problem): string {
  return `${problem.subject}: ${problem.path === '' ? '' : `${problem.path} `}${problem.message}`;
}
