declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the throwaway PostgreSQL server, or '' when none could start. */
    postgresUrl: string;
  }
}
export {};
