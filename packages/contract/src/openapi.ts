import { z } from 'zod';
import { LoginRequestSchema, MeSchema } from './auth';
import { ProblemSchema } from './common';
import { AllocationRequestSchema, OrderCountsQuerySchema, OrderCountsSchema, OrderDetailSchema, OrdersPageSchema, OrdersQuerySchema } from './orders';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) },
});
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: z.toJSONSchema(ProblemSchema, { unrepresentable: 'any' }) } },
});

/** The OpenAPI 3.1 document of the BFF, generated from the same zod schemas both sides use. */
export function openApiDocument() {
  const paramsOf = (shape: Record<string, unknown>) =>
    Object.entries(shape).map(([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      schema: z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }),
    }));
  return {
    openapi: '3.1.0',
    info: { title: 'Shipdesk BFF', version: '0.1.0' },
    paths: {
      '/api/session': {
        post: {
          summary: 'Log in; sets the session cookie',
          requestBody: { content: json(LoginRequestSchema, 'input') },
          responses: { 200: { description: 'Logged in', content: json(MeSchema) }, 400: problem('Invalid body'), 401: problem('Wrong e-mail or password') },
        },
        delete: { summary: 'Log out', responses: { 204: { description: 'Logged out' } } },
      },
      '/api/me': { get: { summary: 'The logged-in user', responses: { 200: { description: 'User', content: json(MeSchema) }, 401: problem('Not logged in') } } },
      '/api/orders': {
        get: {
          summary: "The merchant's orders, newest first, cursor-paged",
          parameters: paramsOf(OrdersQuerySchema.shape),
          responses: { 200: { description: 'A page', content: json(OrdersPageSchema) }, 400: problem('Bad filter or cursor') },
        },
      },
      '/api/orders/counts': {
        get: {
          summary: "How many of the merchant's orders are in each fulfilment status, within the filters (the status tabs)",
          parameters: paramsOf(OrderCountsQuerySchema.shape),
          responses: { 200: { description: 'The counts', content: json(OrderCountsSchema) }, 400: problem('Bad filter') },
        },
      },
      '/api/orders/{id}': {
        get: {
          summary: 'One order with lines, shipments and backorder; ETag is its version',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: { 200: { description: 'The order', content: json(OrderDetailSchema) }, 404: problem('No such order') },
        },
      },
      '/api/orders/{id}/allocation': {
        put: {
          summary: 'Save the whole split of the order (shipments and backorder) at once',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
            { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'The ETag of the order version edited' },
          ],
          requestBody: { content: json(AllocationRequestSchema, 'input') },
          responses: {
            200: { description: 'Saved; the new order state', content: json(OrderDetailSchema) },
            409: problem('The order changed since; `current` holds its state'),
            422: problem('The split breaks a rule; `errors` lists every problem'),
            428: problem('If-Match missing'),
          },
        },
      },
    },
  };
}
