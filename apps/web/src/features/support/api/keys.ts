export const supportKeys = {
  merchants: ['support', 'merchants'] as const,
  audit: ['audit'] as const,
};
