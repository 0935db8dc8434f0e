/** The API's named schemas: each becomes `#/components/schemas/<id>` of the OpenAPI document. */
import * as z from 'zod';

export const apiSchemas = z.registry<{ id: string }>();

/** Names and describes a schema: the document refers to it by name wherever it is used. */
export const named = <T extends z.ZodType>(
  id: string,
  description: string,
  schema: T,
  examples?: readonly unknown[],
): T => {
  const described = schema.meta({ description, ...(examples ? { examples: [...examples] } : {}) });
  apiSchemas.add(described as z.ZodType, { id });
  return described;
};
