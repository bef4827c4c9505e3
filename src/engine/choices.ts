// Exhaustive exploration of the choices a template leaves open until deploy time: parameter values
// (from AllowedValues), condition outcomes and mapping keys. A gateway is safe only if it is safe in
// every combination, so the engine evaluates it once per combination ("world").
//
// Choices are discovered lazily while evaluating, so only the choices a gateway actually depends on are
// enumerated. The same key always gets the same answer within one world, which keeps correlated uses
// (one condition guarding both the type and the configuration) consistent.

/** One decision taken in a world, for messages ("parameter AuthType = 'NONE'"). */
export interface Decision {
  readonly key: string;
  readonly label: string;
}

interface TrailEntry {
  readonly key: string;
  index: number;
  readonly count: number;
}

/** The choices of one world. */
export class World {
  private readonly decided = new Map<string, { index: number; label: string }>();
  private position = 0;

  constructor(private readonly trail: TrailEntry[]) {}

  /**
   * The option this world takes for `key`.
   *
   * @param key identifies the choice; the same key must always come with the same options
   * @param labels one label per option, for messages
   */
  public choose(key: string, labels: readonly string[]): number {
    const known = this.decided.get(key);
    if (known) return known.index;
    if (labels.length === 0) throw new Error(`internal: choice ${key} has no options`);
    let entry = this.trail[this.position];
    if (!entry || entry.key !== key) {
      entry = { key, index: 0, count: labels.length };
      this.trail.splice(this.position, this.trail.length - this.position, entry);
    }
    this.position++;
    this.decided.set(key, { index: entry.index, label: labels[entry.index] });
    return entry.index;
  }

  /** Decisions taken in this world, in the order they were taken. */
  public get decisions(): Decision[] {
    return [...this.decided.entries()].map(([key, d]) => ({ key, label: d.label }));
  }
}

/** Result of exploring every world. */
export interface Exploration<T> {
  readonly results: Array<{ readonly decisions: Decision[]; readonly value: T }>;
  /** True when the limit was reached before every world was explored. */
  readonly truncated: boolean;
  /** Every choice met while exploring, once, in the order first met, with its number of options. */
  readonly choices: ReadonlyArray<{ readonly key: string; readonly options: number }>;
}

/**
 * Runs `fn` once per world until every combination of the choices it makes has been seen.
 *
 * @param limit maximum number of worlds
 */
export function explore<T>(fn: (world: World) => T, limit: number): Exploration<T> {
  const trail: TrailEntry[] = [];
  const results: Array<{ decisions: Decision[]; value: T }> = [];
  const choices = new Map<string, number>();
  const done = (truncated: boolean): Exploration<T> => ({ results, truncated, choices: [...choices].map(([key, options]) => ({ key, options })) });
  for (;;) {
    if (results.length >= limit) return done(true);
    const world = new World(trail);
    const value = fn(world);
    results.push({ decisions: world.decisions, value });
    for (const entry of trail) if (!choices.has(entry.key)) choices.set(entry.key, entry.count);
    // Depth-first: advance the deepest choice that has options left, forget the ones below it.
    while (trail.length > 0 && trail[trail.length - 1].index + 1 >= trail[trail.length - 1].count) trail.pop();
    if (trail.length === 0) return done(false);
    trail[trail.length - 1].index++;
  }
}
