import type { Tag } from "@/lib/realtime/doc-schema.ts";

/**
 * One sub-label of a tag. Annotations store `id` in their `technique` field, so an id never
 * changes once chosen: renaming a label edits `name` only and existing highlights follow.
 */
export type Label = { id: string; name: string; definition: string };

export type Vocabulary = Record<Tag, Label[]>;

/** How each tag is named and described in the UI; `key` is its keyboard shortcut in the reader. */
export const TAG_INFO: Record<Tag, { name: string; key: "1" | "2" | "3"; description: string }> = {
  propaganda: {
    name: "Propaganda",
    key: "1",
    description: "A persuasion technique that works on emotion or fallacy instead of evidence.",
  },
  sourcing: {
    name: "Sourcing",
    key: "2",
    description: "Who says so, and how do we know? Where a claim comes from and how well it is backed.",
  },
  context: {
    name: "Context",
    key: "3",
    description: "What the reader needs to know to judge the passage, but the article leaves out.",
  },
};

/**
 * The built-in labels, used by every workspace that has not edited its own. Propaganda follows
 * the 18 techniques of the Propaganda Techniques Corpus (Da San Martino et al., EMNLP 2019), in
 * the corpus's order and under its names, so tagged data stays comparable with that research.
 */
/** The tag each shortcut key stands for ("1" → propaganda), from `TAG_INFO`. */
export const TAG_FOR_KEY: Readonly<Record<string, Tag>> = Object.fromEntries(
  Object.entries(TAG_INFO).map(([tag, info]) => [info.key, tag as Tag]),
);

export const DEFAULT_VOCABULARY: Vocabulary = {
  propaganda: [
    { id: "loaded-language", name: "Loaded Language", definition: "Words or phrases with strong emotional connotations, chosen to sway the audience." },
    {
      id: "name-calling",
      name: "Name Calling, Labeling",
      definition: "Labelling a person or group as something the audience fears, hates or admires, in place of an argument.",
    },
    { id: "repetition", name: "Repetition", definition: "Repeating the same message over and over so the audience comes to accept it." },
    {
      id: "exaggeration-minimization",
      name: "Exaggeration, Minimization",
      definition: "Making something seem bigger, better or worse than it is, or playing it down as less important.",
    },
    { id: "doubt", name: "Doubt", definition: "Questioning the credibility of someone or something without offering evidence." },
    {
      id: "appeal-to-fear",
      name: "Appeal to fear-prejudice",
      definition: "Building support for an idea by stirring anxiety or panic, often by playing on existing prejudice.",
    },
    { id: "flag-waving", name: "Flag-Waving", definition: "Justifying an idea by appealing to national feeling or to the pride of a group." },
    {
      id: "causal-oversimplification",
      name: "Causal Oversimplification",
      definition: "Giving a single cause for an outcome that has several, or blaming one party for a complex problem.",
    },
    { id: "slogans", name: "Slogans", definition: "A brief, striking phrase, often a label or stereotype, that stands in for an argument." },
    {
      id: "appeal-to-authority",
      name: "Appeal to Authority",
      definition: "Saying a claim is true only because an authority or expert said so, with no other evidence.",
    },
    {
      id: "black-and-white",
      name: "Black-and-White Fallacy",
      definition: "Presenting two options as the only possibilities when more exist; a false dilemma.",
    },
    {
      id: "thought-terminating-cliche",
      name: "Thought-terminating Cliches",
      definition: "A stock phrase that shuts down thought and discussion: “it is what it is”, “enough said”.",
    },
    {
      id: "whataboutism",
      name: "Whataboutism",
      definition: "Deflecting criticism by accusing the critic of hypocrisy, without disproving what they said.",
    },
    {
      id: "reductio-ad-hitlerum",
      name: "Reductio ad Hitlerum",
      definition: "Rejecting an idea because a group the audience despises, such as the Nazis, holds or held it.",
    },
    { id: "red-herring", name: "Red Herring", definition: "Bringing in irrelevant material to draw attention away from the issue at hand." },
    { id: "bandwagon", name: "Bandwagon", definition: "Urging the audience to accept an idea or join in because “everyone” already does." },
    {
      id: "obfuscation",
      name: "Obfuscation, Intentional Vagueness, Confusion",
      definition: "Deliberately unclear wording that lets the audience read into it whatever it likes.",
    },
    {
      id: "straw-man",
      name: "Straw Men",
      definition: "Refuting a distorted, weaker version of an opponent's position instead of the one they hold.",
    },
  ],
  sourcing: [
    {
      id: "anonymous-source",
      name: "Anonymous source",
      definition: "The claim rests on a source the article does not name, or describes too vaguely to assess.",
    },
    {
      id: "official-claim",
      name: "Official claim",
      definition: "A statement by a government, army, police or company, reported without independent confirmation.",
    },
    {
      id: "unverified-social-media",
      name: "Unverified social media",
      definition: "A post, image or video from social media whose origin and authenticity are not established.",
    },
    { id: "single-source", name: "Single source", definition: "The claim rests on one source, with nothing independent to corroborate it." },
    {
      id: "named-source",
      name: "Named source",
      definition: "A person or organisation speaking on the record, whom readers can identify and weigh.",
    },
    {
      id: "document-or-data",
      name: "Document or data",
      definition: "Backed by a document, dataset or public record that readers could check for themselves.",
    },
    {
      id: "secondhand-report",
      name: "Secondhand report",
      definition: "Repeats another outlet's reporting without confirming it; the original may not be linked.",
    },
  ],
  context: [
    {
      id: "missing-background",
      name: "Missing background",
      definition: "Earlier events or facts that change how this passage reads are left out.",
    },
    {
      id: "missing-actor",
      name: "Missing actor",
      definition: "Who did it is hidden (often by the passive voice), or a party with a stake goes unmentioned.",
    },
    { id: "missing-timeline", name: "Missing timeline", definition: "When things happened, or in which order, is unclear or left out." },
    {
      id: "missing-numbers",
      name: "Missing numbers",
      definition: "Figures are absent, or given without the baseline, scale or comparison needed to judge them.",
    },
    { id: "disputed-claim", name: "Disputed claim", definition: "Presented as settled fact although credible sources dispute it." },
    {
      id: "missing-other-side",
      name: "Missing other side",
      definition: "A person or group that is criticised or affected is not given a chance to respond.",
    },
  ],
};

/**
 * The name to show for a highlight's label. Highlights keep their label id after an owner
 * removes the label from the vocabulary, so an unknown id is shown humanized rather than hidden.
 */
export function labelName(vocabulary: Vocabulary, tag: Tag, id: string | null): string | null {
  if (id === null) return null;
  const label = vocabulary[tag].find((candidate) => candidate.id === id);
  if (label) return label.name;
  const words = id.replace(/-+/g, " ").trim();
  return words === "" ? id : words.charAt(0).toUpperCase() + words.slice(1);
}
