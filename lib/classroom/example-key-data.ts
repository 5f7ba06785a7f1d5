import type { Tag } from "@/lib/realtime/doc-schema.ts";

/**
 * One highlight of the demo article's example answer key, stored as a quote (the exact text and
 * a few words before it), not as offsets: it is anchored into the text when used, so a revised
 * article either still finds the passage or says it cannot, never highlights the wrong words.
 * `slug` names the highlight for good: its ids are derived from it.
 */
export type ExampleKeyItem = {
  slug: string;
  exact: string;
  prefix: string;
  tag: Tag;
  /** A sub-label id of lib/vocabulary/default-vocabulary.ts. */
  technique: string;
  /** What a teacher would say about the passage: 1–3 sentences, posted as the highlight's first comment. */
  explanation: string;
};

/**
 * The example key for the demo article (prisma/seed/demo-article.txt, "The Malian armed forces
 * have just retaken Kidal"): 15 passages, in text order.
 */
export const EXAMPLE_KEY: readonly ExampleKeyItem[] = [
  {
    slug: "junta-announced",
    prefix: "",
    exact: "The ruling junta announced Tuesday from Bamako that it had captured the town of Kidal",
    tag: "sourcing",
    technique: "official-claim",
    explanation:
      "The news itself rests on the junta's own announcement. The article never says whether anyone independent (a journalist on the ground, the rebels, local residents) confirmed the capture.",
  },
  {
    slug: "feat-of-arms",
    prefix: "This is the ",
    exact: "most emblematic feat of arms",
    tag: "propaganda",
    technique: "loaded-language",
    explanation:
      "“Feat of arms” is the language of glory, not of reporting. Ask what a neutral word would be (“military operation”, “capture”) and notice how the choice colours the whole paragraph.",
  },
  {
    slug: "came-to-power",
    prefix: "the leader of the junta, ",
    exact: "since he came to power in May 2021",
    tag: "context",
    technique: "missing-background",
    explanation:
      "“Came to power” hides how: Goïta took power in a military coup, his second in nine months. A reader who knows this weighs the junta's claims differently.",
  },
  {
    slug: "enormous-resources",
    prefix: "(MINUSMA), ",
    exact: "enormous land and air resources have been committed",
    tag: "context",
    technique: "missing-numbers",
    explanation:
      "“Enormous” is a judgement, not a figure. How many soldiers, aircraft or drones, and compared with what? Without numbers the reader cannot judge the scale.",
  },
  {
    slug: "several-sources",
    prefix: "No figures but, ",
    exact: "according to several sources",
    tag: "sourcing",
    technique: "anonymous-source",
    explanation:
      "Which sources: soldiers, hospitals, the rebels? The losses are the one figure that could check the official story, and it rests on people the reader cannot identify or weigh.",
  },
  {
    slug: "tactical-withdrawal",
    prefix: "withdrew. ",
    exact: "Officially, it is a “tactical” withdrawal",
    tag: "sourcing",
    technique: "official-claim",
    explanation:
      "“Officially” according to whom? This is the retreating side's own explanation, and no spokesperson is named. The quotation marks show the journalist's doubt without saying why.",
  },
  {
    slug: "own-means",
    prefix: "without international opinion, ",
    exact: "we returned with our own means",
    tag: "propaganda",
    technique: "flag-waving",
    explanation:
      "National pride does the arguing here. The next section of the same article shows the claim does not hold: Wagner's Russian mercenaries took part.",
  },
  {
    slug: "rejoices-a-malian",
    prefix: "a great joy”",
    exact: "rejoices a Malian",
    tag: "sourcing",
    technique: "single-source",
    explanation:
      "One unnamed person at a celebration speaks for “a Malian”. A vox pop shows a mood; it cannot tell us how widely it is shared.",
  },
  {
    slug: "numerous-images",
    prefix: "It’s difficult to ignore Wagner’s fighters in ",
    exact: "the numerous images shot yesterday",
    tag: "sourcing",
    technique: "unverified-social-media",
    explanation:
      "Who shot these images, and how were they checked? Wagner's presence is an important claim, and the article rests it on pictures whose origin it does not give.",
  },
  {
    slug: "unnamed-influencer",
    prefix: "immediately ",
    exact: "this influencer, accused by Washington of being linked to the Wagner group",
    tag: "sourcing",
    technique: "anonymous-source",
    explanation:
      "The influencer is never named, so readers cannot look at what she actually posted. And the only thing we learn about her is an accusation, which frames her before she speaks.",
  },
  {
    slug: "history-will-record",
    prefix: "",
    exact: "History will record that what the French army, the European force Takuba and the UN force Minusma failed to do in ten years, Mali did in two",
    tag: "propaganda",
    technique: "exaggeration-minimization",
    explanation:
      "A sweeping comparison of missions that had different goals: the next paragraph reminds us Minusma was not meant to take sides. “History will record” claims the verdict in advance.",
  },
  {
    slug: "everything-is-better",
    prefix: "no longer there, ",
    exact: "everything is better for Mali",
    tag: "propaganda",
    technique: "causal-oversimplification",
    explanation:
      "The journalist sums up the online story: one cause (foreign forces leaving) for everything. The ellipsis signals irony, a reminder that this sentence is commentary, not reporting.",
  },
  {
    slug: "never-denied",
    prefix: "",
    exact: "France has never denied its links with the Tuareg movements.",
    tag: "context",
    technique: "missing-background",
    explanation:
      "Which links? “Has never denied” suggests something without saying what it is, and gives no source. The reader needs the history of France's dealings with these groups to judge the sentence.",
  },
  {
    slug: "jihadist-support",
    prefix: "",
    exact: "Jihadists who have been supporting the Tuareg rebellion for several weeks.",
    tag: "context",
    technique: "missing-other-side",
    explanation:
      "A grave accusation, stated as fact: the rebels fight alongside jihadists. No source is given, and the Tuareg movements are not asked to respond.",
  },
  {
    slug: "undoubtedly-a-harbinger",
    prefix: "mentioned by the Tuaregs ",
    exact: "is undoubtedly a harbinger of a coordinated response with jihadist groups",
    tag: "propaganda",
    technique: "appeal-to-fear",
    explanation:
      "A prediction presented as a certainty (“undoubtedly”) with no evidence. It leaves the reader expecting a jihadist counter-attack; ask what the article actually shows.",
  },
];
