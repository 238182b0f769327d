import type { AuthenticationProviderArgs, SaslAuthenticateArgs } from 'kafkajs';
import { oauthBearerMechanism } from './oauth-bearer';

/** A broker's side of the SaslAuthenticate exchange: what the client sent, and the replies it gets. */
function brokerReplying(...replies: string[]) {
  const sent: string[] = [];
  const saslAuthenticate = async <T>({ request, response }: SaslAuthenticateArgs<T>) => {
    const kafkaBytes = (await request.encode()) as Buffer;
    expect(kafkaBytes.readInt32BE(0)).toBe(kafkaBytes.length - 4);
    sent.push(kafkaBytes.subarray(4).toString('utf8'));
    const reply = replies.shift() ?? '';
    if (!response) return;
    const length = Buffer.alloc(4);
    length.writeInt32BE(Buffer.byteLength(reply));
    return response.parse(await response.decode(Buffer.concat([length, Buffer.from(reply)])));
  };
  const args = { host: '127.0.0.1', port: 9094, logger: undefined, saslAuthenticate } as unknown as AuthenticationProviderArgs;
  return { sent, args };
}

describe('oauthBearerMechanism', () => {
  const token = async () => ({ value: 'eyJ.token.sig' });

  it('sends the token as RFC 7628 frames it, and is done when the broker answers with nothing', async () => {
    const broker = brokerReplying('');
    const mechanism = oauthBearerMechanism(token);
    expect(mechanism.mechanism).toBe('oauthbearer');
    await mechanism.authenticationProvider(broker.args).authenticate();
    expect(broker.sent).toEqual(['n,,\u0001auth=Bearer eyJ.token.sig\u0001\u0001']);
  });

  it('acknowledges a refusal, then fails at once (not retried) with the broker and its reason', async () => {
    const broker = brokerReplying('{"status":"invalid_token"}');
    const failure = oauthBearerMechanism(token).authenticationProvider(broker.args).authenticate();
    await expect(failure).rejects.toThrow('SASL OAUTHBEARER authentication failed: 127.0.0.1:9094 refused the token: {"status":"invalid_token"}');
    await expect(failure).rejects.toMatchObject({ name: 'KafkaJSSASLAuthenticationError', retriable: false });
    expect(broker.sent).toEqual(['n,,\u0001auth=Bearer eyJ.token.sig\u0001\u0001', '\u0001']);
  });

  it('lets a token source that fails say why, before anything is sent', async () => {
    const broker = brokerReplying();
    const failing = async () => {
      throw new Error('the token endpoint answered 401');
    };
    await expect(oauthBearerMechanism(failing).authenticationProvider(broker.args).authenticate()).rejects.toThrow('the token endpoint answered 401');
    expect(broker.sent).toEqual([]);
  });
});
