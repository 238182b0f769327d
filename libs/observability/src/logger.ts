import { trace } from '@opentelemetry/api';
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { currentMessageContext } from './message-context';

/** JSON logs with the trace, span, tenant and case of the work in progress on every line. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const fields: Record<string, string> = {};
      const span = trace.getActiveSpan()?.spanContext();
      if (span && trace.isSpanContextValid(span)) {
        fields.trace_id = span.traceId;
        fields.span_id = span.spanId;
      }
      const context = currentMessageContext();
      if (context.tenantId) fields.tenant = context.tenantId;
      if (context.caseId) fields.case_id = context.caseId;
      if (context.correlationId) fields.correlation_id = context.correlationId;
      return fields;
    },
  });
}

/** Nest's logger interface on top of pino, so framework and application logs look the same. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  /** Nest calls error(message, context) or error(message, stack, context). */
  error(message: unknown, ...params: unknown[]): void {
    const strings = params.filter((p): p is string => typeof p === 'string');
    const context = strings.length ? strings[strings.length - 1] : undefined;
    const stack = strings.length > 1 ? strings[0] : undefined;
    if (message instanceof Error) this.logger.error({ context, err: message }, message.message);
    else if (message !== null && typeof message === 'object') this.logger.error({ context, stack, ...message });
    else this.logger.error({ context, stack }, stringify(message));
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace', message: unknown, context?: string): void {
    if (message !== null && typeof message === 'object') this.logger[level]({ context, ...message });
    else this.logger[level]({ context }, stringify(message));
  }
}

function stringify(message: unknown): string {
  return typeof message === 'string' ? message : JSON.stringify(message);
}
