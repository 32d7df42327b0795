export * from './schemas.ts';
export * from './services.ts';
