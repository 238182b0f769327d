import type { IHeaders } from 'kafkajs';

/** kafkajs hands headers as Buffers (or arrays of them); the envelope wants strings. */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const single = Array.isArray(value) ? value[value.length - 1] : value;
    if (single !== undefined && single !== null) out[name] = single.toString();
  }
  return out;
}
