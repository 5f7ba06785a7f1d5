import type { ReactNode } from "react";
import { parseCommentMarkup, type Block, type Inline } from "@/lib/comments/comment-markup.ts";
import type { MentionMember } from "@/lib/comments/mention-query.ts";

type Props = {
  body: string;
  /** Workspace members, so a mention shows the member's current name rather than the one typed. */
  members?: readonly MentionMember[] | undefined;
  currentUserId?: string | null | undefined;
};

type Context = { names: ReadonlyMap<string, string>; currentUserId: string | null };

/**
 * A comment body rendered from its parsed markup with React elements only: the body is any string
 * a collaborator wrote into the shared document, so no part of it is ever treated as HTML, and
 * links are limited to http, https and mailto by the parser.
 */
export function CommentBody({ body, members, currentUserId }: Props) {
  const context: Context = {
    names: new Map(members?.map((member) => [member.id, member.name])),
    currentUserId: currentUserId ?? null,
  };
  return <div className="comment-body">{renderBlocks(parseCommentMarkup(body), context)}</div>;
}

function renderBlocks(blocks: readonly Block[], context: Context): ReactNode[] {
  return blocks.map((block, index) => {
    switch (block.type) {
      case "paragraph":
        return <p key={index}>{renderInlines(block.children, context)}</p>;
      case "list":
        return (
          <ul key={index}>
            {block.items.map((item, itemIndex) => (
              <li key={itemIndex}>{renderInlines(item, context)}</li>
            ))}
          </ul>
        );
      case "blockquote":
        return <blockquote key={index}>{renderBlocks(block.children, context)}</blockquote>;
    }
  });
}

function renderInlines(nodes: readonly Inline[], context: Context): ReactNode[] {
  return nodes.map((node, index) => {
    switch (node.type) {
      case "text":
        return node.value;
      case "break":
        return <br key={index} />;
      case "strong":
        return <strong key={index}>{renderInlines(node.children, context)}</strong>;
      case "emphasis":
        return <em key={index}>{renderInlines(node.children, context)}</em>;
      case "code":
        return <code key={index}>{node.value}</code>;
      case "link":
        return (
          <a key={index} href={node.href} rel="noopener noreferrer nofollow ugc" target="_blank">
            {renderInlines(node.children, context)}
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        );
      case "mention": {
        const isMe = node.userId === context.currentUserId;
        return (
          <span key={index} className={isMe ? "mention mention--me" : "mention"} data-user-id={node.userId}>
            @{context.names.get(node.userId) ?? node.name}
            {isMe ? <span className="visually-hidden"> (you)</span> : null}
          </span>
        );
      }
    }
  });
}
