// Trusted lists as managed data: the routes and use cases, what `serve` loads at start, and the trust
// store the acceptance act's verifier uses.
export {
  type ConfiguredListOutcome,
  describeConfiguredList,
  loadConfiguredTrustLists,
  parseConfiguredTrustLists,
} from './configured-lists.ts';
export * from './get-trust-list.ts';
export * from './list-trust-lists.ts';
export { loadTrustList } from './load-trust-list.ts';
export * from './remove-trust-list.ts';
export { trustListRoutes } from './routes.ts';
export * from './schemas.ts';
export {
  createTrustListSigners,
  readTrustListSigners,
  TrustListConfigurationError,
  type TrustListSigners,
} from './signers.ts';
export { composeTrustStore, isQualifiedSigner } from './trust-rules.ts';
export { loadTrustStore } from './trust-store.ts';
