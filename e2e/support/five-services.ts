import { CATALOG, TOPICS, type NotificationRequestedV1 } from '@aftercare/contracts';
import { assertValidEvent, waitUntilReady, type ServiceProcess } from '@aftercare/testing';
import { IntakeAndDispatch } from './intake-and-dispatch';
import { spawnServiceBeside } from './service-beside';
import { READY_WITHIN_MS } from './with-parts';

/**
 * All five services as separate processes, as `npm start` runs them: the same broker and topic
 * prefix, each with its own database, sharing nothing else; `call`, `topic` and `probe` as in
 * `IntakeAndDispatch`. All five start side by side and are ready when `start` resolves.
 */
const SERVICES = ['intake', 'dispatch', 'parts', 'claims', 'survey'];

export class FiveServices extends IntakeAndDispatch {
  parts!: ServiceProcess;
  claims!: ServiceProcess;
  survey!: ServiceProcess;

  override async start(watched: string[], settings: NodeJS.ProcessEnv = {}): Promise<void> {
    [this.parts, this.claims, this.survey] = await Promise.all((['parts', 'claims', 'survey'] as const).map((name) => spawnServiceBeside(this, name, settings)));
    await super.start(watched, settings, { readyTimeoutMs: READY_WITHIN_MS });
    await Promise.all([this.parts, this.claims, this.survey].map((service) => waitUntilReady(service, READY_WITHIN_MS)));
  }

  override async stop(): Promise<void> {
    await Promise.all([super.stop(), this.parts?.stop(), this.claims?.stop(), this.survey?.stop()]);
  }

  /** The dead-letter topic of every consumer group of the five, from the catalog (watch them: nothing may land there). */
  deadLetterTopics(): string[] {
    return [
      ...new Set(
        CATALOG.flatMap((entry) => entry.consumers.filter((service) => SERVICES.includes(service)).flatMap((service) => (entry.groups?.[service] ?? ['main']).map((group) => this.topic(`${service}.${group}.dlt`)))),
      ),
    ];
  }

  /** The survey link survey asked the gateway to send for the case's verified order (the probe must watch the notification requests). */
  async surveyLink(caseId: string): Promise<string> {
    const notifications = this.topic(TOPICS.notificationRequests.name);
    const [message] = await this.probe.waitFor(
      (m) => m.topic === notifications && m.headers.ce_caseid === caseId && (JSON.parse(m.value ?? '{}') as NotificationRequestedV1).purpose === 'survey_link',
      { timeoutMs: 60_000 },
    );
    return String(assertValidEvent<NotificationRequestedV1>(message).data.parameters.link);
  }

  /** The customer answers through the link, as the answer page posts it. */
  answerSurvey(link: string, levels: Record<string, number>): Promise<Response> {
    return fetch(`${this.survey.baseUrl}/api/v1/survey-answers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: link.slice(link.lastIndexOf('/') + 1), ratings: Object.entries(levels).map(([criterion, level]) => ({ criterion, level })) }),
    });
  }
}
