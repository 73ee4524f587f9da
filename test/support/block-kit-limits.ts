/**
 * Slack's documented Block Kit limits (see ../shared/fixtures/slack/README.md,
 * section 3). The fake Slack API rejects what real Slack would reject.
 */
export function blockKitProblems(blocks: unknown, surface: "message" | "modal" | "home"): string[] {
  const problems: string[] = [];
  if (!Array.isArray(blocks)) return ["blocks must be an array"];
  const maxBlocks = surface === "message" ? 50 : 100;
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks, max ${maxBlocks}`);
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const where = `blocks[${index}]`;
    const b = block as Record<string, any>;
    if (typeof b?.type !== "string") {
      problems.push(`${where}: missing type`);
      return;
    }
    if (b.block_id !== undefined) {
      if (String(b.block_id).length > 255) problems.push(`${where}.block_id longer than 255`);
      if (blockIds.has(b.block_id)) problems.push(`${where}.block_id duplicated`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case "section":
        if (!b.text && !b.fields) problems.push(`${where}: section needs text or fields`);
        if (b.text) checkText(b.text, 1, 3000, `${where}.text`, problems);
        if (b.fields) {
          if (b.fields.length > 10) problems.push(`${where}.fields: more than 10`);
          b.fields.forEach((field: unknown, i: number) => {
            checkText(field, 1, 2000, `${where}.fields[${i}]`, problems);
          });
        }
        if (b.accessory) checkElement(b.accessory, `${where}.accessory`, problems);
        break;
      case "header":
        if (b.text?.type !== "plain_text") problems.push(`${where}.text must be plain_text`);
        checkText(b.text, 1, 150, `${where}.text`, problems);
        break;
      case "actions":
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25) {
          problems.push(`${where}.elements: 1 to 25 required`);
        }
        b.elements?.forEach((element: unknown, i: number) => {
          checkElement(element, `${where}.elements[${i}]`, problems);
        });
        break;
      case "context":
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10) {
          problems.push(`${where}.elements: 1 to 10 required`);
        }
        b.elements?.forEach((element: any, i: number) => {
          if (element?.type === "mrkdwn" || element?.type === "plain_text") {
            checkText(element, 1, 3000, `${where}.elements[${i}]`, problems);
          }
        });
        break;
      case "input":
        checkText(b.label, 1, 2000, `${where}.label`, problems);
        if (b.hint) checkText(b.hint, 1, 2000, `${where}.hint`, problems);
        checkElement(b.element, `${where}.element`, problems);
        break;
      case "divider":
      case "image":
      case "rich_text":
        break;
      default:
        problems.push(`${where}: unknown block type ${b.type}`);
    }
  });
  return problems;
}

function checkText(text: any, min: number, max: number, where: string, problems: string[]): void {
  if (!text || typeof text.text !== "string" || (text.type !== "mrkdwn" && text.type !== "plain_text")) {
    problems.push(`${where}: must be a text object`);
    return;
  }
  if (text.text.length < min || text.text.length > max) {
    problems.push(`${where}: text length ${text.text.length} outside ${min}..${max}`);
  }
}

function checkElement(element: any, where: string, problems: string[]): void {
  if (!element || typeof element.type !== "string") {
    problems.push(`${where}: missing element`);
    return;
  }
  if (element.action_id !== undefined && String(element.action_id).length > 255) {
    problems.push(`${where}.action_id longer than 255`);
  }
  if (element.type === "button") {
    checkText(element.text, 1, 75, `${where}.text`, problems);
    if (element.value !== undefined && String(element.value).length > 2000) problems.push(`${where}.value too long`);
    if (element.url !== undefined && String(element.url).length > 3000) problems.push(`${where}.url too long`);
  }
  const options: any[] = element.options ?? [];
  if (options.length > 100) problems.push(`${where}.options: more than 100`);
  options.forEach((option, i) => {
    checkText(option.text, 1, 75, `${where}.options[${i}].text`, problems);
    if (String(option.value ?? "").length > 150) problems.push(`${where}.options[${i}].value longer than 150`);
  });
  if (element.placeholder) checkText(element.placeholder, 1, 150, `${where}.placeholder`, problems);
}

export function viewProblems(view: any): string[] {
  const problems: string[] = [];
  if (!view || typeof view !== "object") return ["view must be an object"];
  if (view.type === "modal") {
    checkText(view.title, 1, 24, "view.title", problems);
    if (view.submit) checkText(view.submit, 1, 24, "view.submit", problems);
    if (view.close) checkText(view.close, 1, 24, "view.close", problems);
  }
  if (view.private_metadata !== undefined && String(view.private_metadata).length > 3000) {
    problems.push("view.private_metadata longer than 3000");
  }
  if (view.callback_id !== undefined && String(view.callback_id).length > 255) {
    problems.push("view.callback_id longer than 255");
  }
  problems.push(...blockKitProblems(view.blocks, view.type === "home" ? "home" : "modal"));
  return problems;
}
