import { randomUUID } from 'node:crypto';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { PinoNestLogger, runFromActiveSpan, runInMessageContext } from '@aftercare/observability';
import { createOpenApiDocument } from './openapi';
import { ProblemDetailsFilter } from './problem-details';
import { allowedMethodsMiddleware } from './allowed-methods';
import { jsonBodyParsing } from './body-parsing';
import { createValidationPipe } from './validation';
import { accessLog } from './access-log';

export interface HttpServiceOptions {
  /** Service name, e.g. `intake`. */
  name: string;
  description: string;
  version?: string;
  host: string;
  port: number;
  logger: Logger;
  /** When set, `/metrics` is served there only (management-server.ts), not on `port`. */
  managementPort?: number;
}

export const API_PREFIX = 'api/v1';

/**
 * Creates the Nest application the same way for every service: pino logs, problem details,
 * JSON-only bodies read strictly (body-parsing.ts), 405 for a method a documented path does not
 * answer (allowed-methods.ts), strict validation, `/api/v1` routes with `/health` and `/metrics` outside it, OpenAPI at
 * `/api/docs`, a correlation id per request, and shutdown hooks that drain in order.
 */
export async function createHttpApp(module: unknown, options: HttpServiceOptions): Promise<INestApplication> {
  // Nest's default body parsers are replaced by the ones of configureHttpApp (body-parsing.ts).
  const app = await NestFactory.create(module as never, { logger: new PinoNestLogger(options.logger), abortOnError: false, bodyParser: false });
  app.use(accessLog(options.logger));
  if (options.managementPort !== undefined) {
    app.use('/metrics', (_req: Request, res: Response) => {
      res.status(404).type('application/problem+json').send({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'metrics are served on the management port' });
    });
  }
  configureHttpApp(app, options);
  return app;
}

/** The part of `createHttpApp` that tests reuse with an app from `@nestjs/testing`. */
export function configureHttpApp(app: INestApplication, options: Pick<HttpServiceOptions, 'name' | 'description' | 'version'>): void {
  app.use(correlationMiddleware);
  // The document is built below, once the routes are known; the middleware reads it per request.
  const openapi: { document?: OpenAPIObject } = {};
  app.use(allowedMethodsMiddleware(() => openapi.document));
  for (const middleware of jsonBodyParsing()) app.use(middleware);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  const document = createOpenApiDocument(app, options);
  openapi.document = document;
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  // SIGTERM/SIGINT are handled by runService: drain (app.close runs every shutdown hook), flush
  // telemetry, exit.
}

function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const requestId = randomUUID();
  const correlationId = (req.header('x-correlation-id') ?? '').slice(0, 100) || requestId;
  res.setHeader('x-correlation-id', correlationId);
  // The request's server span is what a command continuing its aggregate's trace links to.
  runInMessageContext({ correlationId, causationId: requestId }, () => runFromActiveSpan(next));
}
