/**
 * The bare NestJS endpoint the HTTP numbers are compared with: one POST route answering 201 with a
 * small JSON body, on the same platform (Express) and Node as the services, and nothing else — no
 * auth, validation, store or broker. Started by the pipeline bench as its own process (PORT).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Body, Controller, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller()
class BareController {
  @Post('echo')
  register(@Body() body: { externalRef?: string }): { id: string; externalRef: string | null } {
    return { id: randomUUID(), externalRef: body?.externalRef ?? null };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: ['error'] });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
