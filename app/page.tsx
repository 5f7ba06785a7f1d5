import Link from "next/link";

const TAGS = [
  { tag: "propaganda", label: "Propaganda", text: "Loaded language, name calling, appeals to fear: name the technique." },
  { tag: "sourcing", label: "Sourcing", text: "Who says so, and how do we know? Mark anonymous and unverified claims." },
  { tag: "context", label: "Context", text: "What the reader needs to know that the article leaves out." },
] as const;

export default function HomePage() {
  return (
    <div className="home">
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">Read the news critically, together.</h1>
        <p className="lede">
          Marginalia lets newsrooms, fact-checkers and classrooms annotate the same article at the same time: highlight a
          passage, say what it does, and talk it through in the margin.
        </p>
        <p className="notice-actions">
          <Link className="button" href="/demo">
            Read the demo article
          </Link>
          <Link href="/signup">Create an account</Link>
        </p>
      </section>
      <ul className="tag-legend" aria-label="What you can tag">
        {TAGS.map(({ tag, label, text }) => (
          <li key={tag} className="tag-card" data-tag={tag}>
            <h2>
              <span className="tag-icon" aria-hidden="true" />
              {label}
            </h2>
            <p>{text}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
