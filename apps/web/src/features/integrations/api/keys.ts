export const integrationKeys = {
  all: ['integrations'] as const,
};
