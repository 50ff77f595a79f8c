/** The carrier's public tracking page for a code, where Shipdesk knows it. */
export function trackingUrl(carrier: string | null, code: string, postalCode?: string, country?: string): string | null {
  const c = encodeURIComponent(code);
  switch ((carrier ?? '').toLowerCase()) {
    case 'postnl':
      return `https://jouw.postnl.nl/track-and-trace/${c}-${encodeURIComponent(country ?? 'NL')}-${encodeURIComponent((postalCode ?? '').replace(/\s/g, ''))}`;
    case 'dhl':
      return `https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?tracking-id=${c}`;
    case 'ups':
      return `https://www.ups.com/track?tracknum=${c}`;
    case 'dpd':
      return `https://tracking.dpd.de/status/en_US/parcel/${c}`;
    case 'gls':
      return `https://gls-group.com/track/${c}`;
    case 'bpost':
      return `https://track.bpost.cloud/btr/web/#/search?itemCode=${c}`;
    default:
      return null;
  }
}
