import type { CompileContext, Extension as FromMarkdownExtension, Token } from "mdast-util-from-markdown";
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from "micromark-util-types";
import type { Node } from "unist";

/**
 * The stored mention token `@[Name](user:ID)` as a micromark text construct, so it becomes one
 * `mention` node while the text is tokenized. A post-pass over the finished tree would see
 * CommonMark's reading instead ("@" followed by a link to "user:ID"), and would have to undo it
 * while telling an escaped "\@" from a real one by looking back into the source; as a construct,
 * escapes, code spans and link labels keep their usual meaning for free.
 */

/** Names are at most 80 characters (lib/auth/schema.ts); older tokens may carry a little more. */
export const MAX_MENTION_NAME = 120;
/** Same shape as user ids (UUIDs today); 128 leaves room for other id schemes. */
export const MAX_USER_ID = 128;

export interface MentionNode extends Node {
  type: "mention";
  userId: string;
  name: string;
}

declare module "micromark-util-types" {
  interface TokenTypeMap {
    mention: "mention";
    mentionMarker: "mentionMarker";
    mentionName: "mentionName";
    mentionId: "mentionId";
  }
}

declare module "mdast" {
  interface PhrasingContentMap {
    mention: MentionNode;
  }
  interface RootContentMap {
    mention: MentionNode;
  }
}

const AT = 64;
const LEFT_BRACKET = 91;
const RIGHT_BRACKET = 93;
const RIGHT_PAREN = 41;
const TARGET_PREFIX = "](user:";

function isIdCode(code: Code): boolean {
  return (
    code !== null &&
    ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 95)
  );
}

/** Line endings are negative codes in micromark; the rest of the name may be any character but brackets. */
function endsName(code: Code): boolean {
  return code === null || code === LEFT_BRACKET || (code < 0 && code !== -2 && code !== -1);
}

function tokenizeMention(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let nameSize = 0;
  let nameHasText = false;
  let prefixIndex = 0;
  let idSize = 0;

  const start: State = (code) => {
    effects.enter("mention");
    effects.enter("mentionMarker");
    effects.consume(code);
    return open;
  };
  const open: State = (code) => {
    if (code !== LEFT_BRACKET) return nok(code);
    effects.consume(code);
    effects.exit("mentionMarker");
    return nameStart;
  };
  const nameStart: State = (code) => {
    if (code === RIGHT_BRACKET || endsName(code)) return nok(code);
    effects.enter("mentionName");
    return name(code);
  };
  const name: State = (code) => {
    if (code === RIGHT_BRACKET) {
      if (!nameHasText) return nok(code);
      effects.exit("mentionName");
      effects.enter("mentionMarker");
      return target(code);
    }
    // Twice the longest name as UTF-16 units, so a bracket never sends the scan far ahead.
    if (endsName(code) || nameSize >= MAX_MENTION_NAME * 2) return nok(code);
    if (code !== 32 && code !== -2 && code !== -1) nameHasText = true;
    nameSize += 1;
    effects.consume(code);
    return name;
  };
  const target: State = (code) => {
    if (code !== TARGET_PREFIX.charCodeAt(prefixIndex)) return nok(code);
    effects.consume(code);
    prefixIndex += 1;
    if (prefixIndex < TARGET_PREFIX.length) return target;
    effects.exit("mentionMarker");
    return idStart;
  };
  const idStart: State = (code) => {
    if (!isIdCode(code)) return nok(code);
    effects.enter("mentionId");
    return id(code);
  };
  const id: State = (code) => {
    if (isIdCode(code)) {
      if (idSize >= MAX_USER_ID) return nok(code);
      idSize += 1;
      effects.consume(code);
      return id;
    }
    if (code !== RIGHT_PAREN) return nok(code);
    effects.exit("mentionId");
    effects.enter("mentionMarker");
    effects.consume(code);
    effects.exit("mentionMarker");
    effects.exit("mention");
    return ok;
  };
  return start;
}

const mentionConstruct: Construct = { name: "mention", tokenize: tokenizeMention };

/** micromark syntax extension: `@[Name](user:ID)` in running text. */
export const mentionSyntax: Extension = { text: { [AT]: mentionConstruct } };

function currentMention(context: CompileContext): MentionNode {
  const node = context.stack.at(-1);
  if (node?.type !== "mention") throw new Error("mention token outside a mention node");
  return node;
}

/** mdast-util-from-markdown extension turning the tokens above into `mention` nodes. */
export const mentionFromMarkdown: FromMarkdownExtension = {
  enter: {
    mention(this: CompileContext, token: Token) {
      this.enter({ type: "mention", userId: "", name: "" }, token);
    },
  },
  exit: {
    mentionName(this: CompileContext, token: Token) {
      currentMention(this).name = this.sliceSerialize(token).trim();
    },
    mentionId(this: CompileContext, token: Token) {
      currentMention(this).userId = this.sliceSerialize(token);
    },
    mention(this: CompileContext, token: Token) {
      this.exit(token);
    },
  },
};
