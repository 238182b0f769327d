import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * One line per HTTP request, when it ends: method, path, status, duration, the correlation id and
 * the trace it ran in. Probes and scrapes are logged at debug only: they would drown the rest.
 */
export function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const path = req.originalUrl.split('?')[0];
      const quiet = /^\/(health|metrics)(\/|$)/.test(path);
      logger[quiet ? 'debug' : 'info'](
        {
          http: { method: req.method, path, status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10, bytes: Number(res.getHeader('content-length') ?? 0) },
          correlationId: res.getHeader('x-correlation-id'),
        },
        `${req.method} ${path} ${res.statusCode} ${durationMs.toFixed(1)} ms`,
      );
    });
    next();
  };
}
