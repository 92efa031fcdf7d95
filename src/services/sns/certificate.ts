import forge from 'node-forge';

/**
 * The X.509 certificate a message's SigningCertURL serves: self-signed, for the server's signing
 * key (node:crypto verifies with certificates but cannot make one, hence node-forge).
 *
 * It is derived, not stored: the serial number comes from the public key's hash and the validity
 * from the key's creation time, and RSA PKCS#1 v1.5 signatures are deterministic, so every node of
 * a cluster (and every restart) serves the very same bytes for the same key.
 */
const TEN_YEARS_MS = 10 * 365 * 24 * 3_600_000;

export function selfSignedCertificate(privateKeyPem: string, publicKeyPem: string, createdAt: number, keyId: string): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = `01${keyId.slice(0, 30)}`; // positive, 16 bytes
  cert.validity.notBefore = new Date(createdAt - 24 * 3_600_000);
  cert.validity.notAfter = new Date(createdAt + TEN_YEARS_MS);
  const name = [
    { name: 'commonName', value: 'sns.amazonaws.com' },
    { name: 'organizationName', value: 'Switchyard' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
