export * from './types';
export * from './connector';
export * from './platforms';
