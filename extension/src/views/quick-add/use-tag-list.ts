import { splitList } from "@rete-urp/shared/schema-free";
import { useState } from "react";

/**
 * The tags field: free text ("SPID, sportello") that the suggestion chips toggle in and out,
 * ignoring case, so a chip and a typed tag are one tag.
 */
export function useTagList() {
  const [text, setText] = useState("");
  const list = splitList(text);
  const has = (tag: string) => list.some((item) => item.toLowerCase() === tag.toLowerCase());
  const toggle = (tag: string) =>
    setText((has(tag) ? list.filter((item) => item.toLowerCase() !== tag.toLowerCase()) : [...list, tag]).join(", "));
  return { text, setText, list, has, toggle };
}
