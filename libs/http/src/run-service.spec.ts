import { StoreSetupError } from '@aftercare/persistence';
import { startupFailureLines } from './run-service';

describe('startupFailureLines', () => {
  it('says what to do when the store failed at start-up, never the Java message alone', () => {
    const race = new Error("Unknown error: Document with key 'aftercare_intake.service_requests' already existed in H2Collection(aftercare_intake.system.namespaces): {}");
    const lines = startupFailureLines('intake', new StoreSetupError('aftercare_intake.service_requests', race, 5)).split('\n');
    expect(lines[0]).toBe(
      "intake: failed to start: could not prepare the collection aftercare_intake.service_requests (5 attempts): Unknown error: Document with key 'aftercare_intake.service_requests' already existed in H2Collection(aftercare_intake.system.namespaces): {}",
    );
    expect(lines[1]).toMatch(/^intake: what to do: .*npm start/);
  });

  it('prints one line for a failure that explains itself', () => {
    expect(startupFailureLines('dispatch', new Error('Kafka not reachable at 127.0.0.1:9092\n  at …'))).toBe(
      'dispatch: failed to start: Kafka not reachable at 127.0.0.1:9092\n',
    );
  });
});
