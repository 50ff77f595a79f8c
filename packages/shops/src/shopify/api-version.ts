/**
 * The Shopify Admin GraphQL API version this connector is written against (see README.md).
 * Shopify supports a stable version for at least 12 months; raise this deliberately, after reading
 * the changelog for the fulfillment objects, never implicitly.
 */
export const SHOPIFY_API_VERSION = '2025-10';
