import { AppError, type FieldError } from '../platform/errors.ts';
import type { ActionInputBody } from './schemas.ts';

// What the reviewer states at step 4 (registration) and at installation, checked without I/O. The
// production catalog entry must never silently get the test endpoint: an equal URL needs the
// reviewer's explicit confirmation. No URL here is ever fetched by the server.

export type Hosting = 'agency' | 'institution';

export type ProductionData = {
  endpointUrl: string;
  hosting: Hosting;
  version: string | null;
  /** The reviewer confirmed that production uses the same endpoint URL as the test environment. */
  sameAsTestConfirmed: boolean;
};

/** What the registration form starts with: hosting as the request says, the version from the identifier. */
export function productionDefaults(request: {
  hostedInProduction: boolean;
  serviceIdentifier: string;
  currentProductionEndpoint: string | null;
}): { endpointUrl: string | null; hosting: Hosting; version: string | null } {
  const match = /-V(\d+)-(\d+)$/i.exec(request.serviceIdentifier);
  return {
    endpointUrl: request.currentProductionEndpoint,
    hosting: request.hostedInProduction ? 'agency' : 'institution',
    version: match ? `${match[1]}.${match[2]}` : null,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** URLs compared as a reviewer means them: case of scheme and host and a trailing slash do not matter. */
function sameUrl(a: string, b: string): boolean {
  const normal = (v: string) => {
    try {
      return new URL(v).href.replace(/\/$/, '');
    } catch {
      return v.trim();
    }
  };
  return normal(a) === normal(b);
}

function refuse(errors: FieldError[], detail: string): AppError {
  return new AppError('production_data_invalid', { detail, errors });
}

/** Checks the registration form; throws 422 production_data_invalid naming each field's problem. */
export function checkProductionData(
  input: ActionInputBody['production'],
  testEndpoint: string | null,
): ProductionData {
  const endpointUrl = input?.endpointUrl?.trim() ?? '';
  const errors: FieldError[] = [];
  if (!endpointUrl) {
    errors.push({
      path: 'production.endpointUrl',
      code: 'required',
      message: 'Enter the production endpoint URL.',
    });
  } else if (!isHttpUrl(endpointUrl)) {
    errors.push({
      path: 'production.endpointUrl',
      code: 'invalid_url',
      message: 'Expected an absolute http(s) URL, e.g. https://viss.example.lv/service.',
    });
  } else if (testEndpoint && sameUrl(endpointUrl, testEndpoint) && input?.sameAsTestConfirmed !== true) {
    errors.push({
      path: 'production.endpointUrl',
      code: 'same_as_test',
      message: `This is the test endpoint (${testEndpoint}); enter the production one, or confirm that production uses the same URL.`,
    });
  }
  if (!input?.hosting) {
    errors.push({ path: 'production.hosting', code: 'required', message: 'Choose who hosts the service.' });
  }
  if (errors.length > 0 || !input?.hosting) {
    throw refuse(errors, errors.map((e) => e.message).join(' '));
  }
  const version = input.version?.trim() || null;
  return {
    endpointUrl,
    hosting: input.hosting,
    version,
    sameAsTestConfirmed: testEndpoint !== null && sameUrl(endpointUrl, testEndpoint),
  };
}

/** Checks the installation confirmation: the URL at which the production endpoint answered. */
export function checkInstallationData(input: ActionInputBody['installation']): { checkedUrl: string } {
  const checkedUrl = input?.checkedUrl?.trim() ?? '';
  if (!checkedUrl) {
    throw refuse(
      [
        {
          path: 'installation.checkedUrl',
          code: 'required',
          message: 'Enter the URL at which the production endpoint answered.',
        },
      ],
      'Enter the URL at which the production endpoint answered.',
    );
  }
  if (!isHttpUrl(checkedUrl)) {
    throw refuse(
      [
        {
          path: 'installation.checkedUrl',
          code: 'invalid_url',
          message: 'Expected an absolute http(s) URL, e.g. https://viss.example.lv/service?wsdl.',
        },
      ],
      'Expected an absolute http(s) URL.',
    );
  }
  return { checkedUrl };
}
