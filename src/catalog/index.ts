export * from './import-catalog.ts';
export * from './schemas.ts';
export * from './search-text.ts';
export * from './services.ts';
