import { BadRequestException, ConflictException, Controller, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, RpcException } from '@nestjs/microservices';
import { DomainError } from '@aftercare/ddd';
import { ConsumerGroups } from './consumer-groups';
import { eventPatternsOf, onTopic, parseTopicPattern } from './event-pattern';
import { describeFailure } from './failure';
import { GroupConsumer } from './group-consumer';
import { KafkaClient } from './kafka-client';
import { MessagingModule } from './messaging.module';
import { MessagingTransport } from './messaging-transport';
import { DEFAULT_RETRY } from './options';
import { TopicNames } from './topic-names';

const quiet = { error: () => undefined, warn: () => undefined, log: () => undefined };

function transport(): { transport: MessagingTransport; groups: ConsumerGroups } {
  // Nothing here connects: kafkajs clients open sockets only on connect.
  const client = new KafkaClient('spec', ['127.0.0.1:1']);
  const names = new TopicNames('', 'intake', 'main');
  const settings = { retry: DEFAULT_RETRY, lanes: 1, partitionsConsumedConcurrently: 1, keysInFlight: 8, fromBeginning: true };
  const groups = new ConsumerGroups((purpose) => new GroupConsumer(client, names.forGroup(purpose), settings, undefined, quiet), 'main');
  return { transport: new MessagingTransport(groups, client, names), groups };
}

describe('onTopic', () => {
  it('names the contract topic, the types and the group of a handler', () => {
    expect(onTopic({ name: 'crm.public.customers.v1' }, { types: ['a.v1'], group: 'timeline' })).toEqual({
      topic: 'crm.public.customers.v1',
      types: ['a.v1'],
      group: 'timeline',
    });
    expect(onTopic('crm.public.customers.v1')).toEqual({ topic: 'crm.public.customers.v1' });
  });

  it('is the only pattern the transport accepts', () => {
    expect(() => parseTopicPattern('crm.public.customers.v1', 'X.y')).toThrow(/X.y: the messaging transport needs @EventPattern\(onTopic/);
    expect(() => parseTopicPattern({ topic: 't', types: 'a.v1' }, 'X.y')).toThrow(/onTopic/);
    expect(parseTopicPattern(onTopic('t', { types: ['a.v1'] }), 'X.y')).toEqual({ topic: 't', types: ['a.v1'], group: undefined });
  });
});

describe('MessagingTransport.addHandler', () => {
  it('registers each event handler with the consumer group its pattern names, equal patterns separately', () => {
    const { transport: server, groups } = transport();
    const handler = jest.fn();
    server.addHandler(onTopic('t.one', { types: ['a.v1'] }), handler, true);
    server.addHandler(onTopic('t.one', { types: ['a.v1'] }), handler, true);
    server.addHandler(onTopic('t.two', { group: 'timeline' }), handler, true);
    expect(groups.get().topics).toEqual(['t.one']);
    expect(groups.get('timeline').topics).toEqual(['t.two']);
    expect(server.patterns).toHaveLength(3);
  });

  it('refuses request-response handlers: the transport carries events only', () => {
    const { transport: server } = transport();
    expect(() => server.addHandler(onTopic('t.one'), jest.fn(), false)).toThrow(/@MessagePattern.*events only/);
  });
});

describe('describeFailure of what Nest enhancers throw', () => {
  it('dead-letters at once a guard refusal and a pipe rejection', () => {
    expect(describeFailure(new RpcException('Forbidden resource'))).toEqual({ code: 'MESSAGE_REJECTED', message: 'Forbidden resource', permanent: true });
    expect(describeFailure(new BadRequestException({ code: 'VALIDATION_FAILED', message: 'bad fields' }))).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'bad fields',
      permanent: true,
    });
    expect(describeFailure(new BadRequestException(['verdict must be fine', 'id must be a string']))).toMatchObject({
      code: 'MESSAGE_INVALID',
      message: 'verdict must be fine; id must be a string',
      permanent: true,
    });
  });

  it('retries a conflict and whatever is not an Error, keeping what it says', () => {
    expect(describeFailure(new ConflictException('busy')).permanent).toBe(false);
    expect(describeFailure(new DomainError('CONCURRENT_MODIFICATION', 'stale')).permanent).toBe(false);
    expect(describeFailure({ status: 'error', message: 'Internal server error' })).toEqual({
      code: 'HANDLER_FAILED',
      message: '{"status":"error","message":"Internal server error"}',
      permanent: false,
    });
  });
});

describe('handler placement', () => {
  @Injectable()
  class MisplacedHandler {
    @EventPattern(onTopic('t.one'))
    onOne(): string {
      return 'never called';
    }
  }

  @Controller()
  class PlacedHandler {
    @EventPattern([onTopic('t.one'), onTopic('t.two', { group: 'timeline' })])
    onBoth(): string {
      return 'handled';
    }
  }

  it('lists the patterns of a controller, one per topic', () => {
    expect(eventPatternsOf(PlacedHandler)).toEqual([
      { method: 'onBoth', pattern: { topic: 't.one' }, isEvent: true },
      { method: 'onBoth', pattern: { topic: 't.two', group: 'timeline' }, isEvent: true },
    ]);
  });

  it('refuses to start with an @EventPattern on a provider, which Nest would never call', async () => {
    @Module({ imports: [MessagingModule.forRoot({ service: 'spec', brokers: ['127.0.0.1:1'] })], providers: [MisplacedHandler] })
    class SpecModule {}
    await expect(NestFactory.createApplicationContext(SpecModule, { logger: false, abortOnError: false })).rejects.toThrow(
      /MisplacedHandler.onOne has @EventPattern but MisplacedHandler is a provider: make it a @Controller\(\)/,
    );
  });
});
