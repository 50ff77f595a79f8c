import { describe, expect, it } from 'vitest';
import { ShopError } from '../connector';
import { MagentoHttp, magentoErrorMessage, renderMagentoMessage } from './magento2-http';

describe('Magento error messages', () => {
  it('fills in indexed and named placeholders', () => {
    expect(
      renderMagentoMessage('Unable to add comment: The status "%1" is not part of the order status history.', ['complete']),
    ).toBe('Unable to add comment: The status "complete" is not part of the order status history.');
    expect(
      renderMagentoMessage('Invalid value of "%value" provided for the %fieldName field.', {
        value: 'x',
        fieldName: 'direction',
      }),
    ).toBe('Invalid value of "x" provided for the direction field.');
    expect(renderMagentoMessage('Maximum SearchCriteria pageSize is %max', { max: 300 })).toBe(
      'Maximum SearchCriteria pageSize is 300',
    );
    expect(renderMagentoMessage('%1 and %2 with %3', ['a', 'b'])).toBe('a and b with %3');
    expect(renderMagentoMessage('No parameters 100%', undefined)).toBe('No parameters 100%');
  });

  it('appends nested errors', () => {
    expect(
      magentoErrorMessage({
        message: 'One or more input exceptions have occurred.',
        errors: [{ message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'qty' } }],
      }),
    ).toBe('One or more input exceptions have occurred. "qty" is required. Enter and try again.');
    expect(magentoErrorMessage('<html>')).toBeNull();
  });

  it('turns a 400 body into a non-retryable ShopError and a 502 into a retryable one', async () => {
    const answer = (status: number, body: string) => async () => new Response(body, { status });
    const bad = new MagentoHttp({
      baseUrl: 'http://shop.test',
      credentials: { accessToken: 't' },
      fetch: answer(400, '{"message":"Maximum SearchCriteria pageSize is %max","parameters":{"max":300}}'),
    });
    await expect(bad.get('/orders')).rejects.toMatchObject({
      status: 400,
      retryable: false,
      message: 'Maximum SearchCriteria pageSize is 300',
    });
    const gateway = new MagentoHttp({
      baseUrl: 'http://shop.test',
      credentials: { accessToken: 't' },
      fetch: answer(502, 'Bad gateway'),
    });
    const error = await gateway.get('/orders').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopError);
    expect(error).toMatchObject({ status: 502, retryable: true });
  });
});
