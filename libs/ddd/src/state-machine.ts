import { IllegalTransitionError } from './domain-error';

/**
 * A transition table: for each action, the states it may start from and the state it leads to.
 * Aggregates ask it before changing state so every illegal move fails the same way.
 */
export type TransitionTable<S extends string, A extends string> = Record<A, { from: readonly S[]; to: S }>;

export class StateMachine<S extends string, A extends string> {
  constructor(
    private readonly aggregate: string,
    private readonly table: TransitionTable<S, A>,
  ) {}

  can(from: S, action: A): boolean {
    return this.table[action].from.includes(from);
  }

  /** The next state, or an IllegalTransitionError (409) naming the state and the action. */
  next(from: S, action: A): S {
    if (!this.can(from, action)) throw new IllegalTransitionError(this.aggregate, from, action);
    return this.table[action].to;
  }

  actions(): A[] {
    return Object.keys(this.table) as A[];
  }
}
