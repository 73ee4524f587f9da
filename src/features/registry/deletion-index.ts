/**
 * SymSpell's deletion table, compact: which keys become a given string when
 * one letter is deleted. A map from every deletion to its keys took most of
 * the name index's memory (about 400,000 strings and as many small arrays at
 * 10,000 models); here each deletion is a 32-bit hash and its key's number
 * in an open-addressing table of one typed array (12 to 24 bytes a deletion). A hash
 * shared by another string only offers a key to check, never a match: each
 * key found is checked to be one deletion away.
 */
export class DeletionIndex {
  private readonly keys: string[] = [];
  /**
   * Built on the first lookup after an add: slot i is `[2i]` a hash and `[2i + 1]` its key's number plus
   * one (0: empty), side by side so that a probe reads one cache line.
   */
  private slots: Uint32Array | null = null;

  add(key: string): void {
    this.keys.push(key);
    this.slots = null;
  }

  /**
   * The keys that one deletion turns into `deletion`, in the order they were added; `hash` is
   * `deletionHash(deletion)`, which a caller looking in several indexes computes once.
   */
  keysWithDeletion(deletion: string, hash = deletionHash(deletion)): readonly string[] {
    const slots = this.slots ?? this.build();
    const mask = slots.length / 2 - 1;
    let found: string[] | null = null;
    // Linear probing keeps the entries of one hash in the order they were put in: by key number.
    for (let slot = hash & mask; slots[2 * slot + 1] !== 0; slot = (slot + 1) & mask) {
      if (slots[2 * slot] !== hash >>> 0) continue;
      const key = this.keys[(slots[2 * slot + 1] as number) - 1] as string;
      if (found?.at(-1) !== key && isOneDeletion(key, deletion)) {
        found ??= [];
        found.push(key);
      }
    }
    return found ?? NONE;
  }

  private build(): Uint32Array {
    let count = 0;
    for (const key of this.keys) count += key.length;
    // Two thirds full at most, so that a probe meets an empty slot soon; a power of two, so a mask finds the slot.
    const size = 2 ** Math.ceil(Math.log2(Math.max(2, count * 1.5)));
    const slots = new Uint32Array(size * 2);
    const mask = size - 1;
    this.keys.forEach((key, owner) => {
      for (const deletion of singleDeletions(key)) {
        const hash = deletionHash(deletion);
        let slot = hash & mask;
        while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
        slots[2 * slot] = hash;
        slots[2 * slot + 1] = owner + 1;
      }
    });
    this.slots = slots;
    return slots;
  }
}

const NONE: readonly string[] = [];

/** FNV-1a over the UTF-16 code units, as a 32-bit integer (signed, so that it stays a small integer for V8). */
export function deletionHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/** Whether deleting one code unit of `key` gives `deletion`. */
function isOneDeletion(key: string, deletion: string): boolean {
  if (key.length !== deletion.length + 1) return false;
  let i = 0;
  while (i < deletion.length && key.charCodeAt(i) === deletion.charCodeAt(i)) i++;
  for (; i < deletion.length; i++) if (key.charCodeAt(i + 1) !== deletion.charCodeAt(i)) return false;
  return true;
}

/** A key with each of its code units left out in turn. */
export function singleDeletions(key: string): string[] {
  const result: string[] = [];
  for (let i = 0; i < key.length; i++) result.push(key.slice(0, i) + key.slice(i + 1));
  return result;
}
