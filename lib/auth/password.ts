import bcrypt from "bcryptjs";

/** bcrypt cost 11: about a quarter of a second per check here, slow enough to resist guessing. */
const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** Compared against when the account does not exist, so timing does not reveal which emails exist. */
export const DUMMY_HASH = "$2b$11$y0hPaJNf0.9WW8mQkQ8soONbWYzkSAQwpaF02/TVPXijsEE.VrKf6";
