/** A search text in a LIKE / ILIKE pattern, matching itself only: its %, _ and \ escaped. */
export const escapeLike = (text: string) => text.replace(/[%_\\]/g, '\\$&');

/** An order number searched as typed and with one leading # (shops write it either way). */
export const orderNumberForms = (text: string) => ({ number: text, hashNumber: `#${text.replace(/^#/, '')}` });
