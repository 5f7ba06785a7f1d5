/**
 * One code path, two sizes: the default suite runs each fault briefly (`npm test`), and
 * `npm run test:faults` sets FAULTS_FULL=1 for the long loops and 30-second outages.
 */
const full = process.env.FAULTS_FULL === "1";

export const faultsMode = full
  ? { name: "full", kills: 20, outageMs: 30_000, outageClients: 20 }
  : { name: "short", kills: 2, outageMs: 4_000, outageClients: 20 };
