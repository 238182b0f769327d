/**
 * How a service connects to a real cluster: TLS (the cluster's CA, optionally a client
 * certificate) and SASL (SCRAM, PLAIN, or OAUTHBEARER with client credentials). Built from the
 * validated configuration (libs/observability `KAFKA_*` settings) into kafkajs options.
 */
import * as fs from 'node:fs';
import type { Mechanism, SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import { oauthBearerMechanism, type TokenSource } from './oauth-bearer';

export type { TokenSource } from './oauth-bearer';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512' | 'oauthbearer';

export interface KafkaSecuritySettings {
  KAFKA_TLS?: boolean;
  KAFKA_TLS_CA_FILE?: string;
  KAFKA_TLS_CERT_FILE?: string;
  KAFKA_TLS_KEY_FILE?: string;
  KAFKA_SASL_MECHANISM?: SaslMechanism;
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
  KAFKA_SASL_OAUTH_TOKEN_URL?: string;
  KAFKA_SASL_OAUTH_CLIENT_ID?: string;
  KAFKA_SASL_OAUTH_CLIENT_SECRET?: string;
  KAFKA_SASL_OAUTH_SCOPE?: string;
}

export interface KafkaSecurity {
  ssl?: ConnectionOptions | boolean;
  sasl?: SASLOptions | Mechanism;
}

/** An OAuth 2.0 client-credentials token source; the token is reused until a minute before it expires. */
export function clientCredentialsTokenSource(tokenUrl: string, clientId: string, clientSecret: string, scope?: string, fetchImpl: typeof fetch = fetch): TokenSource {
  let cached: { value: string; renewAt: number } | undefined;
  return async () => {
    if (cached && Date.now() < cached.renewAt) return { value: cached.value };
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, ...(scope ? { scope } : {}) });
    const response = await fetchImpl(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    if (!response.ok) throw new Error(`Kafka OAUTHBEARER: the token endpoint ${tokenUrl} answered ${response.status}`);
    const token = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!token.access_token) throw new Error(`Kafka OAUTHBEARER: the token endpoint ${tokenUrl} returned no access_token`);
    cached = { value: token.access_token, renewAt: Date.now() + Math.max(0, (token.expires_in ?? 300) - 60) * 1000 };
    return { value: cached.value };
  };
}

const readPem = (file: string) => fs.readFileSync(file, 'utf8');

/** The configuration checks these combinations at start (libs/observability `combinationProblems`). */
function setting(settings: KafkaSecuritySettings, name: keyof KafkaSecuritySettings): string {
  const value = settings[name];
  if (typeof value !== 'string') throw new Error(`${name} is required with KAFKA_SASL_MECHANISM=${settings.KAFKA_SASL_MECHANISM}`);
  return value;
}

/** kafkajs `ssl` and `sasl` from the settings; files are read now, so a missing one fails the start. */
export function kafkaSecurityFrom(settings: KafkaSecuritySettings, tokenSource?: TokenSource): KafkaSecurity {
  const security: KafkaSecurity = {};
  if (settings.KAFKA_TLS) {
    const tls: ConnectionOptions = {};
    if (settings.KAFKA_TLS_CA_FILE) tls.ca = [readPem(settings.KAFKA_TLS_CA_FILE)];
    if (settings.KAFKA_TLS_CERT_FILE) tls.cert = readPem(settings.KAFKA_TLS_CERT_FILE);
    if (settings.KAFKA_TLS_KEY_FILE) tls.key = readPem(settings.KAFKA_TLS_KEY_FILE);
    security.ssl = Object.keys(tls).length > 0 ? tls : true;
  }
  const mechanism = settings.KAFKA_SASL_MECHANISM;
  if (mechanism === 'oauthbearer') {
    const source =
      tokenSource ??
      clientCredentialsTokenSource(
        setting(settings, 'KAFKA_SASL_OAUTH_TOKEN_URL'),
        setting(settings, 'KAFKA_SASL_OAUTH_CLIENT_ID'),
        setting(settings, 'KAFKA_SASL_OAUTH_CLIENT_SECRET'),
        settings.KAFKA_SASL_OAUTH_SCOPE,
      );
    security.sasl = oauthBearerMechanism(source);
  } else if (mechanism) {
    security.sasl = { mechanism, username: setting(settings, 'KAFKA_SASL_USERNAME'), password: setting(settings, 'KAFKA_SASL_PASSWORD') } as SASLOptions;
  }
  return security;
}
