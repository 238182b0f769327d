import { AggregateRoot, type DomainEvent, type DomainFact } from './aggregate-root';
import { DomainError, IllegalTransitionError } from './domain-error';
import { StateMachine } from './state-machine';

type Light = 'red' | 'green' | 'yellow';
const machine = new StateMachine<Light, 'go' | 'slow' | 'stop'>('traffic light', {
  go: { from: ['red'], to: 'green' },
  slow: { from: ['green'], to: 'yellow' },
  stop: { from: ['yellow', 'green'], to: 'red' },
});

describe('StateMachine', () => {
  it('gives the next state of a legal move', () => {
    expect(machine.next('red', 'go')).toBe('green');
    expect(machine.next('green', 'stop')).toBe('red');
    expect(machine.can('yellow', 'stop')).toBe(true);
  });

  it('refuses an illegal move with a stable conflict code naming the state and action', () => {
    expect(machine.can('red', 'slow')).toBe(false);
    const error = (() => {
      try {
        machine.next('red', 'slow');
      } catch (e) {
        return e as IllegalTransitionError;
      }
      throw new Error('expected a refusal');
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'TRAFFIC_LIGHT_ILLEGAL_TRANSITION', kind: 'conflict', details: { from: 'red', action: 'slow' } });
    expect(error.message).toBe('traffic light cannot slow while red');
  });

  it('lists its actions', () => {
    expect(machine.actions()).toEqual(['go', 'slow', 'stop']);
  });
});

// eslint-disable-next-line aftercare/no-message-type-literals -- the test aggregate's own type: no contract publishes it
const ACCOUNT_OPENED = 'aftercare.test.account.opened.v1';

interface AccountOpened extends DomainFact {
  kind: 'opened';
}

class Account extends AggregateRoot<AccountOpened> {
  constructor(version = 0, handled: string[] = []) {
    super('a-1', 'acme', version, handled);
  }
  open(at = new Date()): void {
    this.record({ kind: 'opened', at });
  }
  protected toIntegrationEvent(fact: AccountOpened): DomainEvent {
    return { type: ACCOUNT_OPENED, data: { id: this.id }, caseId: 'case-1', occurredAt: fact.at };
  }
}

describe('AggregateRoot', () => {
  it('collects events until persisted, then starts afresh at the new version', () => {
    const account = new Account();
    account.open();
    expect(account.pendingFacts).toEqual([expect.objectContaining({ kind: 'opened' })]);
    expect(account.pendingEvents).toEqual([expect.objectContaining({ type: ACCOUNT_OPENED, caseId: 'case-1', data: { id: 'a-1' } })]);
    account.markPersisted(1);
    expect(account.pendingFacts).toEqual([]);
    expect(account.version).toBe(1);
    expect(account.pendingEvents).toEqual([]);
  });

  it('remembers handled message ids once', () => {
    const account = new Account(3, ['m-1']);
    expect(account.hasHandled('m-1')).toBe(true);
    account.markHandled('m-2');
    account.markHandled('m-2');
    expect(account.handledMessageIds).toEqual(['m-1', 'm-2']);
  });
});
