/** What a change means for a client, and so which release it needs. */
export type Level = 'breaking' | 'minor' | 'patch';
export const LEVELS: readonly Level[] = ['breaking', 'minor', 'patch'];

/** Which way data flows through a schema: sent by clients, or sent back to them. */
export type Direction = 'request' | 'response';
export const DIRECTIONS: readonly Direction[] = ['request', 'response'];

/** One classified change. `pointer` is into the current spec, or into the base one for a removal. */
export interface Change {
  level: Level;
  pointer: string;
  message: string;
}

/** A level for one direction and the words that say why. */
export interface DirectedLevel {
  level: Level;
  why: string;
}

/**
 * How a rule judges a change. A plain level is the same whichever way data flows. `tighter`
 * accepts or sends fewer values than before (breaking for requests, minor for responses),
 * `looser` more (minor for requests, breaking for responses), `changed` neither provably
 * (breaking). An object gives each direction its own verdict.
 */
export type Effect = Level | 'tighter' | 'looser' | 'changed' | Record<Direction, DirectedLevel>;

export const TIGHTER: Record<Direction, DirectedLevel> = {
  request: { level: 'breaking', why: 'stricter request rule' },
  response: { level: 'minor', why: 'narrower response' },
};
export const LOOSER: Record<Direction, DirectedLevel> = {
  request: { level: 'minor', why: 'looser request rule' },
  response: { level: 'breaking', why: 'wider response' },
};

export function rank(level: Level): number {
  return LEVELS.length - LEVELS.indexOf(level);
}

export function maxLevel(levels: Iterable<Level>): Level | undefined {
  let best: Level | undefined;
  for (const level of levels) if (!best || rank(level) > rank(best)) best = level;
  return best;
}

/**
 * The level of an effect where data flows `dirs` ways. A schema no operation reaches gets
 * both sets of rules: it still ships as a named type.
 */
export function resolveEffect(effect: Effect, dirs: ReadonlySet<Direction>): DirectedLevel | { level: Level; why?: undefined } {
  if (typeof effect === 'string' && effect !== 'tighter' && effect !== 'looser') {
    return { level: effect === 'changed' ? 'breaking' : effect };
  }
  const table = effect === 'tighter' ? TIGHTER : effect === 'looser' ? LOOSER : effect;
  const used = DIRECTIONS.filter((d) => dirs.size === 0 || dirs.has(d));
  const level = maxLevel(used.map((d) => table[d].level))!;
  const why = [...new Set(used.map((d) => table[d].why))].join(', ');
  return { level, why };
}
