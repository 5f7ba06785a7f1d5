import { TAGS } from "@/lib/realtime/doc-schema.ts";
import { TAG_INFO, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";

/** The vocabulary for members who may not edit it: each tag's labels with their definitions. */
export function VocabularyList({ vocabulary }: { vocabulary: Vocabulary }) {
  return (
    <div className="vocabulary">
      {TAGS.map((tag) => (
        <section key={tag} className="vocabulary-tag" data-tag={tag} aria-labelledby={`vocabulary-${tag}-title`}>
          <h4 id={`vocabulary-${tag}-title`} className="vocabulary-tag-title">
            <span className="tag-icon" aria-hidden="true" /> {TAG_INFO[tag].name}
          </h4>
          <p className="field-hint">{TAG_INFO[tag].description}</p>
          {vocabulary[tag].length === 0 ? (
            <p className="empty">No labels: highlights carry the tag alone.</p>
          ) : (
            <dl className="vocabulary-definitions">
              {vocabulary[tag].map((label) => (
                <div key={label.id}>
                  <dt>{label.name}</dt>
                  <dd>{label.definition || <span className="empty">No definition.</span>}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      ))}
    </div>
  );
}
