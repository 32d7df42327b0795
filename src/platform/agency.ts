import { type AgencyIdentity, loadConfig } from './config.ts';

// The agency's identity as configured, for the code that renders texts far from the configuration
// (mail layouts, the act): buildApp registers it at start; until then (CLI tools, tests) it is the
// configuration's defaults.

let registered: AgencyIdentity = loadConfig({}).agency;

export function registerAgencyIdentity(agency: AgencyIdentity): void {
  registered = agency;
}

export function agencyIdentity(): AgencyIdentity {
  return registered;
}
