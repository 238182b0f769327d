import { startIntake, stopIntake } from './support/intake-app';
import { TOPICS } from '@aftercare/contracts';
it('profiles', async () => {
  let t = Date.now();
  const intake = await startIntake('prof', { env: { LOG_LEVEL: 'warn' }, watch: [TOPICS.intakeServiceRequestEvents.name] });
  console.log('start', Date.now() - t);
  t = Date.now();
  await stopIntake(intake);
  console.log('stop', Date.now() - t);
}, 120000);
