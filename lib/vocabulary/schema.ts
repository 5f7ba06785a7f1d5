import { z } from "zod";
import { TAGS, type Tag } from "@/lib/realtime/doc-schema.ts";
import { DEFAULT_VOCABULARY, TAG_INFO, type Label, type Vocabulary } from "./default-vocabulary.ts";
import { LABEL_ID_PATTERN, slugify, uniqueLabelId } from "./label-id.ts";

export const MAX_LABELS_PER_TAG = 40;
export const MAX_LABEL_NAME_LENGTH = 60;
export const MAX_DEFINITION_LENGTH = 200;

const idSchema = z.string().regex(LABEL_ID_PATTERN, { error: "Label ids use 1–64 lower-case letters, digits and hyphens." });

const nameSchema = z
  .string({ error: "Give every label a name." })
  .trim()
  .min(1, { error: "Give every label a name." })
  .max(MAX_LABEL_NAME_LENGTH, { error: `Use at most ${MAX_LABEL_NAME_LENGTH} characters for a label name.` });

const definitionSchema = z
  .string({ error: "A definition must be text." })
  .trim()
  .max(MAX_DEFINITION_LENGTH, { error: `Use at most ${MAX_DEFINITION_LENGTH} characters for a definition.` });

function labelList<Item extends z.ZodType<{ id?: string | undefined }>>(tag: Tag, item: Item) {
  const tagName = TAG_INFO[tag].name;
  return z
    .array(item, { error: `List the ${tagName} labels (the list may be empty).` })
    .max(MAX_LABELS_PER_TAG, { error: `Use at most ${MAX_LABELS_PER_TAG} ${tagName} labels.` })
    .superRefine((labels, context) => {
      // Highlights find their label by id, so two labels with one id would be one label to them.
      const seen = new Set<string>();
      labels.forEach(({ id }, index) => {
        if (!id) return;
        if (seen.has(id)) {
          context.addIssue({ code: "custom", path: [index, "id"], message: `Two ${tagName} labels have the id “${id}”; each label needs its own.` });
        }
        seen.add(id);
      });
    });
}

/** A label as stored: checked when read back, because the column may predate today's rules. */
const storedLabelSchema = z.object({ id: idSchema, name: nameSchema, definition: definitionSchema });

/**
 * A label as an editor sends it. Existing labels carry their id (that is how a rename keeps
 * highlights attached); a new one may leave it out and gets one made from its name.
 */
const labelInputSchema = z.object({
  id: z.union([z.literal(""), idSchema]).optional(),
  name: nameSchema,
  definition: definitionSchema.default(""),
});

/** Ids for new labels: their name as a slug, made unique against every other id of the tag. */
function withIds(labels: z.output<typeof labelInputSchema>[]): Label[] {
  const taken = new Set(labels.flatMap(({ id }) => (id ? [id] : [])));
  return labels.map(({ id, name, definition }) => {
    if (id) return { id, name, definition };
    const derived = uniqueLabelId(slugify(name), taken);
    taken.add(derived);
    return { id: derived, name, definition };
  });
}

/** The whole vocabulary as an editor saves it: all three tags, each list replacing the stored one. */
export const vocabularyInputSchema = z.object(
  {
    propaganda: labelList("propaganda", labelInputSchema).transform(withIds),
    sourcing: labelList("sourcing", labelInputSchema).transform(withIds),
    context: labelList("context", labelInputSchema).transform(withIds),
  } satisfies Record<Tag, z.ZodType<Label[], unknown>>,
  { error: "Send the vocabulary as an object with propaganda, sourcing and context label lists." },
);

/** The stored column as a vocabulary; a tag whose stored list is missing or invalid gets its defaults. */
export function parseStoredVocabulary(stored: unknown): Vocabulary {
  const record = typeof stored === "object" && stored !== null ? (stored as Record<string, unknown>) : {};
  return Object.fromEntries(
    TAGS.map((tag) => {
      const parsed = labelList(tag, storedLabelSchema).safeParse(record[tag]);
      return [tag, parsed.success ? parsed.data : DEFAULT_VOCABULARY[tag]];
    }),
  ) as Vocabulary;
}
