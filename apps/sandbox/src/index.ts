export * from './catalogue';
export * from './seed';
export * from './server';
