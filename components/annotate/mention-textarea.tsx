"use client";

import {
  useCallback,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ComponentPropsWithoutRef,
  type KeyboardEvent,
  type Ref,
} from "react";
import { activeMentionQuery, applyMention, filterMembers, type MentionMember } from "@/lib/comments/mention-query.ts";

type OwnProps = {
  value: string;
  onChange: (value: string) => void;
  /** Who can be mentioned; usually the workspace's members. */
  members: readonly MentionMember[];
  label: string;
  /** Keeps the label for assistive technology only, e.g. when the surrounding card already says what this is. */
  hideLabel?: boolean;
  placeholder?: string;
  /** Called on Ctrl+Enter or Cmd+Enter. */
  onSubmit?: () => void;
  disabled?: boolean;
  id?: string;
  /** Sees every key the mention list did not use, e.g. for Escape to cancel an edit. */
  onKeyDownExtra?: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  ref?: Ref<HTMLTextAreaElement>;
};

type TextareaProps = Omit<
  ComponentPropsWithoutRef<"textarea">,
  keyof OwnProps | "role" | "onKeyDown" | "onSelect" | "onBlur" | "defaultValue" | `aria-${"expanded" | "controls" | "activedescendant" | "autocomplete"}`
>;

type Props = OwnProps & TextareaProps;

type ActiveQuery = { start: number; query: string };

/**
 * A textarea that suggests workspace members after "@" and inserts the picked one as a mention
 * token. It follows the ARIA combobox pattern: focus stays in the textarea while Up/Down move
 * through the listbox (announced through aria-activedescendant), Enter or Tab inserts, Escape
 * closes the list until another "@" is typed.
 */
export function MentionTextarea({
  value,
  onChange,
  members,
  label,
  hideLabel = false,
  placeholder,
  onSubmit,
  disabled = false,
  id,
  onKeyDownExtra,
  ref,
  className,
  ...textareaProps
}: Props) {
  const fallbackId = useId();
  const textareaId = id ?? `mention-textarea-${fallbackId}`;
  const listboxId = `${textareaId}-mentions`;
  const optionId = (member: MentionMember) => `${textareaId}-mention-${member.id}`;

  const textareaRef = useRef<HTMLTextAreaElement | null>(null);
  const pendingCaret = useRef<number | null>(null);
  const dismissedStart = useRef<number | null>(null);
  /** Caret position just after the space a picked mention brought, until another key is pressed. */
  const spaceAfterMention = useRef<number | null>(null);
  const [mention, setMention] = useState<ActiveQuery | null>(null);
  const [activeIndex, setActiveIndex] = useState(0);

  const setRefs = useCallback(
    (node: HTMLTextAreaElement | null) => {
      textareaRef.current = node;
      if (typeof ref === "function") ref(node);
      else if (ref) ref.current = node;
    },
    [ref],
  );

  // The parent may have replaced the value (e.g. cleared it after sending): a query that no
  // longer sits where it was typed is stale.
  const current =
    mention && !disabled && value.startsWith(`@${mention.query}`, mention.start) ? mention : null;
  const matches = useMemo(() => (current ? filterMembers(members, current.query) : []), [current, members]);
  const open = matches.length > 0;
  const active = open ? Math.min(activeIndex, matches.length - 1) : -1;
  const activeMember = matches[active];

  useLayoutEffect(() => {
    const textarea = textareaRef.current;
    if (pendingCaret.current === null || !textarea) return;
    textarea.focus();
    textarea.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [value]);

  function sync(textarea: HTMLTextAreaElement) {
    const collapsed = textarea.selectionStart === textarea.selectionEnd;
    const next = collapsed ? activeMentionQuery(textarea.value, textarea.selectionStart) : null;
    if (!next || next.start !== dismissedStart.current) dismissedStart.current = null;
    if (!next || dismissedStart.current !== null) {
      setMention(null);
      return;
    }
    if (next.start !== mention?.start || next.query !== mention.query) {
      setMention(next);
      setActiveIndex(0);
    }
  }

  function pick(member: MentionMember) {
    const textarea = textareaRef.current;
    if (!textarea || !current) return;
    const result = applyMention(value, textarea.selectionStart, current.query, member);
    pendingCaret.current = result.caret;
    spaceAfterMention.current = result.value[result.caret - 1] === " " ? result.caret : null;
    setMention(null);
    onChange(result.value);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return;
    // Punctuation right after a picked mention takes the place of the space it brought:
    // "@Awa, can you…", not "@Awa , can you…".
    const spaceAt = spaceAfterMention.current;
    spaceAfterMention.current = null;
    const textarea = event.currentTarget;
    if (spaceAt !== null && /^[,.;:!?)]$/.test(event.key) && textarea.selectionStart === spaceAt && textarea.selectionEnd === spaceAt && value[spaceAt - 1] === " ") {
      event.preventDefault();
      pendingCaret.current = spaceAt;
      onChange(`${value.slice(0, spaceAt - 1)}${event.key}${value.slice(spaceAt)}`);
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      setMention(null);
      onSubmit?.();
      return;
    }
    if (open && activeMember) {
      const plain = !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActiveIndex((active + step + matches.length) % matches.length);
        return;
      }
      if (plain && (event.key === "Enter" || event.key === "Tab")) {
        event.preventDefault();
        pick(activeMember);
        return;
      }
      if (event.key === "Escape") {
        // Only the list closes, not a dialog or editor around the textarea.
        event.preventDefault();
        event.stopPropagation();
        dismissedStart.current = current?.start ?? null;
        setMention(null);
        return;
      }
    }
    onKeyDownExtra?.(event);
  }

  return (
    <div className={className ? `mention-field ${className}` : "mention-field"}>
      <label htmlFor={textareaId} className={hideLabel ? "visually-hidden" : undefined}>
        {label}
      </label>
      <textarea
        {...textareaProps}
        ref={setRefs}
        id={textareaId}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listboxId}
        aria-activedescendant={activeMember ? optionId(activeMember) : undefined}
        onChange={(event) => {
          onChange(event.target.value);
          sync(event.target);
        }}
        onSelect={(event) => sync(event.currentTarget)}
        onKeyDown={handleKeyDown}
        onBlur={() => setMention(null)}
      />
      <ul id={listboxId} role="listbox" aria-label={`Members matching “${current?.query ?? ""}”`} className="mention-options" hidden={!open}>
        {matches.map((member, index) => (
          <li
            key={member.id}
            id={optionId(member)}
            role="option"
            aria-selected={index === active}
            className="mention-option"
            // Keep focus (and the caret) in the textarea; the click then picks.
            onMouseDown={(event) => event.preventDefault()}
            onMouseMove={() => setActiveIndex(index)}
            onClick={() => pick(member)}
          >
            {member.name}
          </li>
        ))}
      </ul>
      <p className="visually-hidden" role="status">
        {open ? `${matches.length} ${matches.length === 1 ? "member matches" : "members match"}. Up and down arrows to choose, Enter to insert.` : ""}
      </p>
    </div>
  );
}
