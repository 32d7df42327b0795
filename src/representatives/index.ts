// The register of representatives' public face: the routes, the use cases (the demo seed adds entries),
// and what the acceptance act takes from it (the entries and the hash of a personal code).
export * from './create-representative.ts';
export * from './end-representation.ts';
export * from './get-representative.ts';
export * from './list-representatives.ts';
export { loadRepresentatives, type Representative, signersAt } from './load-representatives.ts';
export { maskPersonalCode, parsePersonalCode, personalCodeProblemTexts } from './personal-code.ts';
export {
  createPersonalCodeHasher,
  type PersonalCodeHasher,
  representativeHashSecretFileName,
} from './personal-code-hash.ts';
export { representativeRoutes } from './routes.ts';
export * from './schemas.ts';
export * from './update-representative.ts';
