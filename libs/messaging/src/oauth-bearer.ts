/**
 * SASL/OAUTHBEARER (RFC 7628) carried through to the broker's verdict. kafkajs 2.2.4's own
 * authenticator sends the token and takes any answer as success; a broker that refuses the token
 * answers with an error challenge (`{"status":"invalid_token"}`) and waits for the client to
 * acknowledge it, so the refusal surfaced only later as "No brokers in the broker pool", retried.
 * This one acknowledges the challenge and fails at once, non-retriable, with the broker's reason.
 */
import { KafkaJSSASLAuthenticationError, type Mechanism } from 'kafkajs';

/** Where a token comes from (`clientCredentialsTokenSource` in a service). */
export type TokenSource = () => Promise<{ value: string }>;

/** RFC 7628's separator of key-value pairs, and alone the client's acknowledgement of an error. */
const KVSEP = '\u0001';

/** kafkajs hands SASL payloads around as Kafka BYTES: a 32-bit length, then the bytes. */
function asKafkaBytes(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(4);
  length.writeInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

// kafkajs's typings declare this error without arguments; at run time it takes the message.
const SaslAuthenticationError = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;

const clientMessage = (text: string) => ({ encode: async () => asKafkaBytes(text) });

/** The server's reply to the token: empty when accepted, an error document when not. */
const serverReply = {
  decode: async (kafkaBytes: Buffer) => kafkaBytes.subarray(4),
  parse: async (bytes: Buffer) => bytes.toString('utf8'),
};

export function oauthBearerMechanism(tokenSource: TokenSource): Mechanism {
  return {
    mechanism: 'oauthbearer',
    authenticationProvider: ({ host, port, saslAuthenticate }) => ({
      authenticate: async () => {
        const token = await tokenSource();
        const reply = await saslAuthenticate({ request: clientMessage(`n,,${KVSEP}auth=Bearer ${token.value}${KVSEP}${KVSEP}`), response: serverReply });
        if (!reply) return;
        // The broker closes the exchange with its own failure once acknowledged; the reply already says why.
        await saslAuthenticate({ request: clientMessage(KVSEP) }).catch(() => undefined);
        throw new SaslAuthenticationError(`SASL OAUTHBEARER authentication failed: ${host}:${port} refused the token: ${reply}`);
      },
    }),
  };
}
