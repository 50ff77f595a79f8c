import { describe, expect, it } from 'vitest';
import { trackingUrl } from './tracking-url';

describe('trackingUrl', () => {
  it('links the carriers Shipdesk knows and nothing else', () => {
    expect(trackingUrl('PostNL', '3SABC123', '1015 CR', 'NL')).toBe('https://jouw.postnl.nl/track-and-trace/3SABC123-NL-1015CR');
    expect(trackingUrl('UPS', '1Z 999')).toBe('https://www.ups.com/track?tracknum=1Z%20999');
    expect(trackingUrl('Other', 'X')).toBeNull();
    expect(trackingUrl(null, 'X')).toBeNull();
  });
});
