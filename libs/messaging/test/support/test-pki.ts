import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Throw-away certificates made by openssl for the secured-broker test: a certificate authority,
 * and certificates it signs (the broker's for 127.0.0.1, or a client's with its name as CN,
 * which is how Strimzi names the principal of a KafkaUser of type tls).
 */
export interface Pem {
  certificateFile: string;
  keyFile: string;
}

function openssl(args: string[]): void {
  const run = spawnSync('openssl', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openssl ${args[0]} failed: ${run.stderr}`);
}

export function certificateAuthority(dir: string, name: string): Pem {
  const pem = { keyFile: path.join(dir, `${name}.key`), certificateFile: path.join(dir, `${name}.crt`) };
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', pem.keyFile, '-out', pem.certificateFile, '-days', '1', '-subj', `/CN=${name}`]);
  return pem;
}

/** A certificate for `commonName` signed by `ca`; `ip` adds the subject alternative name a server needs. */
export function signedCertificate(dir: string, ca: Pem, commonName: string, ip?: string): Pem {
  const pem = { keyFile: path.join(dir, `${commonName}.key`), certificateFile: path.join(dir, `${commonName}.crt`) };
  const request = path.join(dir, `${commonName}.csr`);
  openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', pem.keyFile, '-out', request, '-subj', `/CN=${commonName}`]);
  const extensions = path.join(dir, `${commonName}.ext`);
  fs.writeFileSync(extensions, ip ? `subjectAltName=IP:${ip}\n` : 'extendedKeyUsage=clientAuth\n');
  openssl(['x509', '-req', '-in', request, '-CA', ca.certificateFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-out', pem.certificateFile, '-days', '1', '-extfile', extensions]);
  return pem;
}
