// A throwaway self-signed certificate, made by the openssl CLI at start. Its files live in
// a temporary folder only while openssl runs; the PEM texts stay in memory.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificate {
  key: string;
  cert: string;
}

/** A P-256 certificate valid for a day for 127.0.0.1, ::1, localhost and `hostnames`. */
export async function selfSignedCertificate(hostnames: readonly string[] = []): Promise<Certificate> {
  const names = [...new Set(['127.0.0.1', '::1', 'localhost', ...hostnames])];
  const san = names.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  const dir = await mkdtemp(join(tmpdir(), 'hem-mock-tls-'));
  try {
    const args = [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=hem-mock-server',
      '-addext',
      `subjectAltName=${san}`,
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ];
    await new Promise<void>((resolve, reject) => {
      execFile('openssl', args, (error, _stdout, stderr) => {
        if (!error) return resolve();
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new Error(
            missing
              ? '@hem/mock-server: making the HTTPS certificate needs the openssl command, which is not installed: install OpenSSL, or pass tls: { key, cert } (PEM).'
              : `@hem/mock-server: openssl could not make the HTTPS certificate: ${String(stderr).trim() || error.message}`,
          ),
        );
      });
    });
    const [key, cert] = await Promise.all([readFile(join(dir, 'key.pem'), 'utf8'), readFile(join(dir, 'cert.pem'), 'utf8')]);
    return { key, cert };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
