// Imported first by main.ts: telemetry must patch http, mongodb and Nest before they load.
import { startTelemetry } from '@aftercare/observability/telemetry';

startTelemetry('dispatch');
