/**
 * Magento's REST error body (Magento\Framework\Webapi\ErrorProcessor): `message` is the raw
 * phrase, with `%1`-style (indexed) or `%name`-style (named) placeholders, and `parameters` holds
 * the values — an array for indexed placeholders, an object for named ones. Clients substitute.
 * A request that Magento cannot map onto a service (unknown field, missing parameter) is a 400; a
 * missing entity (NoSuchEntityException) a 404; a missing or wrong token a 401.
 */
export class MagentoError extends Error {
  constructor(
    readonly status: number,
    readonly rawMessage: string,
    readonly parameters?: Record<string, string | number> | (string | number)[],
    readonly errors?: { message: string; parameters?: Record<string, string | number> | (string | number)[] }[],
  ) {
    super(rawMessage);
    this.name = 'MagentoError';
  }

  body(): Record<string, unknown> {
    const body: Record<string, unknown> = { message: this.rawMessage };
    if (this.errors?.length) body.errors = this.errors;
    if (this.parameters !== undefined) body.parameters = this.parameters;
    return body;
  }
}

/** Magento\Framework\Exception\InputException::requiredField. */
export const requiredField = (fieldName: string) =>
  new MagentoError(400, '"%fieldName" is required. Enter and try again.', { fieldName });

/** Magento\Framework\Exception\InputException::invalidFieldValue. */
export const invalidFieldValue = (fieldName: string, value: string | number) =>
  new MagentoError(400, 'Invalid value of "%value" provided for the %fieldName field.', { fieldName, value });

/** Magento\Framework\Exception\NoSuchEntityException as the repositories throw it since 2.3. */
export const noSuchEntity = () =>
  new MagentoError(404, "The entity that was requested doesn't exist. Verify the entity and try again.");

/** What a production-mode store answers for an exception it does not map (SQL errors and the like). */
export const internalError = () =>
  new MagentoError(
    500,
    `Internal Error. Details are available in Magento log file. Report ID: webapi-${Math.random().toString(16).slice(2, 15)}`,
  );
