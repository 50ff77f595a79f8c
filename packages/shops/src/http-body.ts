/**
 * A shop's answer body: parsed JSON, null when empty, or the text itself when it is not JSON (an
 * HTML error page from a proxy or a maintenance mode), for the error message to quote.
 */
export async function readShopBody(response: Response): Promise<{ text: string; body: unknown }> {
  const text = await response.text();
  try {
    return { text, body: text.trim() === '' ? null : JSON.parse(text) };
  } catch {
    return { text, body: text };
  }
}
