import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The command-line tools the signature tests check our output with (Debian's xmlsec1 and openssl):
// independent implementations, so a test that uses one is skipped with its package's name where it is
// missing — except with CI=true, where a missing tool must fail the run, not quietly pass it.

export function hasTool(tool: string, ...args: string[]): boolean {
  try {
    execFileSync(tool, args, { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** A node:test `skip` value: false when `tool` runs (or in CI), else why the test is skipped. */
export function unlessInstalled(
  tool: 'xmlsec1' | 'openssl' | 'qpdf',
  debianPackage: string = tool,
): string | false {
  const versionArgs = tool === 'openssl' ? ['version'] : ['--version'];
  if (process.env.CI === 'true' || hasTool(tool, ...versionArgs)) return false;
  return `${tool} is not installed (apt-get install ${debianPackage})`;
}

/**
 * xmlsec1 verifies a signature file whose one data object reference is `documentName`, read from
 * `documentFile`, against the CA certificates in `trustedPem`; throws when it does not verify.
 */
export function xmlsecVerify(
  dir: string,
  signatureFile: string,
  documentName: string,
  documentFile: string,
  trustedPem: string,
): void {
  execFileSync(
    'xmlsec1',
    [
      '--verify',
      '--id-attr:Id',
      'http://uri.etsi.org/01903/v1.3.2#:SignedProperties',
      '--trusted-pem',
      path.join(dir, trustedPem),
      `--url-map:${documentName}`,
      path.join(dir, documentFile),
      path.join(dir, signatureFile),
    ],
    { stdio: 'pipe' },
  );
}
