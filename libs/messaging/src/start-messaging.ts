import {
  Catch,
  Injectable,
  type CanActivate,
  type ExceptionFilter,
  type INestApplication,
  type INestMicroservice,
  type NestInterceptor,
  type PipeTransform,
  type RpcExceptionFilter,
} from '@nestjs/common';
import type { NestMicroservice } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import { MessagingTransport } from './messaging-transport';

/**
 * The last exception filter of every message handler: hands the failure, unchanged, back to the
 * transport, which retries it or dead-letters it with its code. Nest's default RPC filter would
 * log it and replace it with `{ status: 'error', message: 'Internal server error' }`, so a
 * DomainError could no longer be told from a broken connection.
 */
@Catch()
export class MessageFailureFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * Guards the service's modules add to every message handler (libs/tenancy's known-tenant check
 * adds itself here at module init). Nest's APP_GUARD providers reach HTTP routes only: the
 * messaging transport is a microservice with its own configuration.
 */
@Injectable()
export class MessageGuards {
  private readonly guards: CanActivate[] = [];

  add(guard: CanActivate): void {
    this.guards.push(guard);
  }

  get all(): readonly CanActivate[] {
    return this.guards;
  }
}

/** Enhancers applied to every message handler of the service (on top of those on the controllers). */
export interface MessageEnhancers {
  guards?: CanActivate[];
  interceptors?: NestInterceptor[];
  pipes?: PipeTransform[];
  /** Run before MessageFailureFilter; a filter that returns instead of throwing marks the message handled. */
  filters?: ExceptionFilter[];
}

/**
 * Connects the messaging transport to the app as a Nest microservice (a hybrid application) and
 * binds the `@EventPattern` handlers of every controller. Message handlers get their own global
 * enhancers: the app's HTTP ones (JWT guard, problem details, idempotency keys) concern requests.
 */
export function connectMessaging(app: INestApplication, enhancers: MessageEnhancers = {}): INestMicroservice {
  // Deferred, so that the global filters exist before Nest builds each handler's filter chain;
  // then the same three steps Nest's own connectMicroservice takes (the app ran the init hooks).
  const microservice = app.connectMicroservice({ strategy: app.get(MessagingTransport) }, { deferInitialization: true }) as NestMicroservice;
  microservice.useGlobalFilters(new MessageFailureFilter(), ...(enhancers.filters ?? []));
  const guards = [...app.get(MessageGuards).all, ...(enhancers.guards ?? [])];
  if (guards.length) microservice.useGlobalGuards(...guards);
  if (enhancers.interceptors?.length) microservice.useGlobalInterceptors(...enhancers.interceptors);
  if (enhancers.pipes?.length) microservice.useGlobalPipes(...enhancers.pipes);
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
  return microservice;
}

/**
 * Initialises the app (modules, Mongo, outbox relay), connects the messaging transport and starts
 * consuming. Call after the HTTP set-up (global prefix, filters) and before `app.listen`.
 */
export async function startMessaging(app: INestApplication, enhancers?: MessageEnhancers): Promise<INestMicroservice> {
  await app.init();
  const microservice = connectMessaging(app, enhancers);
  await app.startAllMicroservices();
  return microservice;
}

