/** The public slug of the demo article, seeded on first start and served at /demo. */
export const DEMO_SLUG = "demo";
