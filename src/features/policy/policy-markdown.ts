import type { PolicySection } from "./policy-repository.ts";

/** Longer sections are cut: a quote in an answer needs the start of a section, not all of it. */
const MAX_SECTION_CHARS = 4000;

/**
 * Sections by heading; a front matter `url:` gives the document's public
 * link, and each section links to its heading's anchor there.
 */
export function splitByHeading(path: string, markdown: string): PolicySection[] {
  let text = markdown.replace(/\r\n/g, "\n");
  let url: string | null = null;
  const front = text.match(/^---\n([\s\S]*?)\n---\n/);
  if (front) {
    url = front[1]?.match(/^url:\s*(\S+)\s*$/m)?.[1] ?? null;
    text = text.slice(front[0].length);
  }
  const sections: PolicySection[] = [];
  const trail: string[] = [];
  let heading = path;
  let body: string[] = [];
  const flush = () => {
    const content = body.join("\n").trim();
    if (content) {
      sections.push({
        sourcePath: path,
        sourceUrl: url ? `${url}#${anchor(trail.at(-1) ?? "")}`.replace(/#$/, "") : null,
        heading,
        body: content.slice(0, MAX_SECTION_CHARS),
      });
    }
    body = [];
  };
  let fence: string | null = null;
  for (const line of text.split("\n")) {
    fence = fenceAfter(fence, line);
    const match = fence === null ? line.match(/^(#{1,6})\s+(.*?)\s*#*\s*$/) : null;
    if (match) {
      flush();
      const level = (match[1] as string).length;
      trail.length = level - 1;
      trail[level - 1] = match[2] as string;
      heading = trail.filter(Boolean).join(" › ");
    } else {
      body.push(line);
    }
  }
  flush();
  return sections;
}

/**
 * The code fence open after `line` (its backticks or tildes), or null: a
 * line starting with three or more of either opens a fenced block, and only
 * a run of the same character, at least as long, closes it. A `# comment`
 * inside is code, not a heading.
 */
function fenceAfter(open: string | null, line: string): string | null {
  if (open === null) {
    const opening = line.match(/^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/);
    return opening ? (opening[1] as string) : null;
  }
  const closing = line.match(/^ {0,3}(`{3,}|~{3,})\s*$/)?.[1];
  const closes = closing !== undefined && closing[0] === open[0] && closing.length >= open.length;
  return closes ? null : open;
}

function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .trim()
    .replace(/\s+/g, "-");
}
