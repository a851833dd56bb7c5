/** Every object key a zod schema names, at any depth: the words a parser may use to say where input was wrong. */
import type { z } from 'zod';

export function schemaKeys(schema: z.core.$ZodType): string[] {
  const keys = new Set<string>();
  const seen = new Set<z.core.$ZodType>();
  const visit = (node: z.core.$ZodType) => {
    if (seen.has(node)) return;
    seen.add(node);
    const def = node._zod.def as unknown as Record<string, unknown>;
    if (def.type === 'object') {
      for (const [key, value] of Object.entries(def.shape as Record<string, z.core.$ZodType>)) {
        keys.add(key);
        visit(value);
      }
    }
    // Wrappers (optional, nullable, default), arrays, pipes and unions.
    for (const field of ['innerType', 'element', 'in', 'out']) {
      const inner = def[field];
      if (inner !== undefined) visit(inner as z.core.$ZodType);
    }
    if (Array.isArray(def.options)) for (const option of def.options as z.core.$ZodType[]) visit(option);
  };
  visit(schema);
  return [...keys];
}
