export * from './types';
export * from './connector';
